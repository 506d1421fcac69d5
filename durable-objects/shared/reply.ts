/** @module The outcome of a Durable Object command as it crosses RPC: a value or a refusal. */
import { AppError } from '#domain/errors'

/** An AppError flattened to data, so its code survives the RPC boundary by contract. */
export interface Refusal {
  code: string
  message: string
  details?: unknown
}

/** What a command method returns instead of throwing an expected refusal. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: Refusal }

/**
 * Runs `work` and turns an AppError into a refusal. Anything else propagates: it is a bug or an
 * outage, and the caller should see it as one. Refusals are returned rather than thrown so they
 * do not show up as uncaught exceptions in the object's logs, and so callers need not rely on how
 * the runtime serialises an error's own properties.
 */
export async function reply<T>(work: () => T | Promise<T>): Promise<Reply<T>> {
  try {
    return { ok: true, value: await work() }
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    return {
      ok: false,
      error: {
        code: err.code,
        message: err.message,
        ...(err.details === undefined ? {} : { details: err.details }),
      },
    }
  }
}

/** The value of a reply, or the AppError it carried, rethrown on the caller's side. */
export function unwrap<T>(r: Reply<T>): T {
  if (r.ok) return r.value
  throw new AppError(r.error.code, r.error.message, r.error.details)
}
