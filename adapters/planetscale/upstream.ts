/** @module Wraps PlanetScale client failures as UpstreamError, so callers can decide to retry. */
import { AppError, UpstreamError } from '#domain/errors'
import { errorMessage } from '#domain/log'

/** Runs `work`; a failure becomes a retryable UpstreamError naming PlanetScale. */
export async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (cause) {
    // Domain decisions made inside the work (a 409, say) pass through as they are.
    if (cause instanceof AppError) throw cause
    const message = errorMessage(cause)
    const status = (cause as { status?: unknown })?.status
    // SQL errors (status 400 in-body) will not heal by retrying; transport and 5xx errors may.
    const retryable = status !== 400
    throw new UpstreamError(
      'planetscale',
      message,
      typeof status === 'number' ? status : undefined,
      retryable,
      {
        cause,
      },
    )
  }
}
