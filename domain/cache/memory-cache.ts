/**
 * @module What one isolate keeps in memory for a few seconds (product and search answers): a
 * bounded map whose entries expire, so the hottest reads skip even the location's Cache API.
 */

/** Seconds an isolate keeps an answer unless MEMORY_CACHE_SECONDS says otherwise. */
export const DEFAULT_MEMORY_CACHE_SECONDS = 2

/**
 * Seconds an isolate keeps a product or search answer in memory (MEMORY_CACHE_SECONDS, 2 by
 * default; 0 turns the memory off): part of the staleness budgets in the README.
 */
export function memoryCacheSeconds(env: { MEMORY_CACHE_SECONDS?: string }): number {
  const seconds = Number(env.MEMORY_CACHE_SECONDS ?? DEFAULT_MEMORY_CACHE_SECONDS)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_MEMORY_CACHE_SECONDS
}

/**
 * Values kept until their own expiry, at most `capacity` of them: past it the oldest fill goes
 * first, so a crawl over many keys cannot grow an isolate's memory. Module state, per isolate.
 */
export class MemoryCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>()

  constructor(private readonly capacity: number) {}

  /** The value of `key` if it is still fresh at `now`; an expired entry is dropped. */
  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.until > now) return entry.value
    this.entries.delete(key)
    return undefined
  }

  /** Keeps `value` until `until` (ms), replacing any entry of `key`; a past `until` keeps nothing. */
  set(key: string, value: V, until: number, now: number): void {
    this.entries.delete(key)
    if (until <= now) return
    this.entries.set(key, { value, until })
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) this.entries.delete(oldest)
    }
  }

  /** Forgets `key` (after a write this isolate made). */
  delete(key: string): void {
    this.entries.delete(key)
  }

  /** Entries held, fresh or not yet dropped. */
  get size(): number {
    return this.entries.size
  }
}
