/** @module Failures of calls to an embedded adapter's Durable Object, as the UpstreamError every adapter throws. */
import { AppError, UpstreamError } from '#domain/errors'

/**
 * Runs a call to an object; a failure becomes an UpstreamError naming `service`. The runtime marks
 * errors it thinks worth retrying (`retryable`), except when the object is overloaded, where
 * retrying makes it worse.
 */
export async function objectCall<T>(service: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (cause) {
    if (cause instanceof AppError) throw cause
    const e = cause as { message?: unknown; retryable?: unknown; overloaded?: unknown }
    const message = typeof e?.message === 'string' ? e.message : String(cause)
    const retryable = e?.retryable === true && e?.overloaded !== true
    throw new UpstreamError(service, message, undefined, retryable, { cause })
  }
}
