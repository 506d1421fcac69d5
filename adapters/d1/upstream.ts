/** @module Wraps D1 failures as UpstreamError, as every Database adapter does, so callers can fall back. */
import { AppError, UpstreamError } from '#domain/errors'

/**
 * SQLite's own verdicts on a statement (a missing table, a constraint, a type mismatch): retrying
 * the same statement cannot help. Anything else (the storage reset, overloaded, a lost
 * connection) may pass.
 */
const SQL_ERROR = /SQLITE_(ERROR|CONSTRAINT|MISMATCH|TOOBIG|RANGE|AUTH)|no such (table|column)/

/** Runs `work`; a failure becomes an UpstreamError naming D1, retryable unless SQL refused it. */
export async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (cause) {
    // Domain decisions made inside the work (an email already taken, say) pass through.
    if (cause instanceof AppError) throw cause
    // drizzle wraps D1's error ("Failed query: …") and keeps it as the cause.
    const messages = [cause, (cause as { cause?: unknown })?.cause]
      .filter((e): e is Error => e instanceof Error)
      .map((e) => e.message)
    const message = messages.join(': ') || String(cause)
    throw new UpstreamError('d1', message, undefined, !SQL_ERROR.test(message), { cause })
  }
}

/**
 * The store with every method run under `guard`, so no D1 failure leaves the adapter unwrapped,
 * including methods added later.
 */
export function guarded<T extends object>(store: T): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => guard(async () => value.apply(target, args))
    },
  })
}
