/** @module What the admin area's sections share: the staff token and the API's refusal details. */
import { api } from './app.js'

let token = ''

/** Keeps the staff token once the gate has accepted it. */
export function useToken(value) {
  token = value
}

/** Calls the API with the staff token. */
export function adminApi(path, init = {}) {
  return api(path, { ...init, token })
}

/**
 * The details of a refusal in brackets: zod issues (`path: message`) or the SKUs of a stock
 * refusal (`SKU: 12 available`); nothing at all when there are none, never an empty `()`.
 */
export function details(error) {
  const issues = Array.isArray(error?.details) ? error.details : []
  const parts = issues
    .map((i) =>
      i?.sku !== undefined && i?.available !== undefined
        ? `${i.sku}: ${i.available} available`
        : [Array.isArray(i?.path) ? i.path.join('.') : i?.path, i?.message]
            .filter(Boolean)
            .join(': '),
    )
    .filter(Boolean)
  return parts.length ? ` (${parts.join('; ')})` : ''
}
