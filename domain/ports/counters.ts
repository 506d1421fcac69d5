/** @module The Counters port: counters and sorted-set leaderboards (Redis semantics). */
import type { Pingable } from './health'

/** One ranked entry of a leaderboard. */
export interface RankedEntry {
  member: string
  score: number
}

/** One change of an `applyOnce` batch: an integer counter increment or a sorted-set increment. */
export type CounterOp =
  | { kind: 'incr'; key: string; by: number }
  | { kind: 'zincr'; key: string; member: string; by: number }

/**
 * How long `applyOnce` remembers an id: longer than a queue keeps a message (at most 14 days),
 * so every redelivery of a message still finds its mark; after that the mark may be forgotten.
 */
export const APPLY_ONCE_TTL_SECONDS = 30 * 24 * 60 * 60

/** Counters and leaderboards. Scores are numbers; keys and members are opaque strings. */
export interface CountersPort extends Pingable {
  /** Adds `by` to the counter `key` and returns the new value. */
  incrBy(key: string, by: number): Promise<number>
  /** Sets a counter to `value` (stock hints are absolute, not increments). */
  set(key: string, value: number): Promise<void>
  /** Reads a counter; 0 when it was never set. */
  get(key: string): Promise<number>
  /** Reads many counters in as few round trips as the store allows; one value per key, in order, 0 when never set. */
  getMany(keys: readonly string[]): Promise<number[]>
  /**
   * Applies many increments in one round trip per store call (one pipeline on Redis, one call per
   * counters object): the flush of counts added up in memory. Not atomic across keys and not
   * deduplicated; a failed call may have applied some of them.
   */
  addMany(ops: readonly CounterOp[]): Promise<void>
  /** Adds `by` to `member` in the sorted set `key` and returns its new score. */
  zIncrBy(key: string, member: string, by: number): Promise<number>
  /** The `limit` highest-scored members, highest first; ties in reverse member order, as Redis `ZRANGE … REV` orders them. */
  zTop(key: string, limit: number): Promise<RankedEntry[]>
  /**
   * Applies `ops` at most once per `id` (for APPLY_ONCE_TTL_SECONDS), however often and however
   * concurrently it is called: the mark that `id` was applied is written atomically with the ops
   * it guards, so a call that fails part-way can be repeated until it succeeds, and a repeat of a
   * call that succeeded changes nothing. True when this call applied any op, false when every op
   * had already been applied under `id`.
   */
  applyOnce(id: string, ops: readonly CounterOp[]): Promise<boolean>
}
