/** @module Bounded polling: wait on observable state, never on a clock. */

/** What `if (value)` lets through. */
type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>

/** Calls `check` until it returns a truthy value, which it resolves to; fails naming `what` after `ms`. */
export async function until<T>(
  what: string,
  check: () => Promise<T>,
  ms = 30_000,
  everyMs = 250,
): Promise<Truthy<T>> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value) return value as Truthy<T>
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
