/** @module Calls to the API with its error envelope: the one `fetch` of the pages, without sessions. */

/** An error answered by the API, with the envelope's code and details. */
export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message)
    this.status = status
    this.code = code
    this.details = details
  }
}

/**
 * Calls the API and returns its JSON. `token` is sent as a bearer token; a non-2xx answer throws
 * ApiError with the envelope's code (status 0 and `network_error` when nothing answered).
 */
export async function request(path, { method = 'GET', body, token, headers = {} } = {}) {
  const init = { method, headers: { accept: 'application/json', ...headers } }
  if (token) init.headers.authorization = `Bearer ${token}`
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  let res
  try {
    res = await fetch(path, init)
  } catch {
    throw new ApiError(
      0,
      'network_error',
      'The shop did not answer. Check the connection and retry.',
    )
  }
  const data = await res.json().catch(() => null)
  if (!res.ok) {
    const error = data?.error ?? {}
    throw new ApiError(
      res.status,
      error.code ?? 'http_error',
      error.message ?? `HTTP ${res.status}`,
      error.details,
    )
  }
  return data
}
