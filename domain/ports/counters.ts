/** @module The Counters port: counters and sorted-set leaderboards (Redis semantics). */
import type { Pingable } from './health'

/** One ranked entry of a leaderboard. */
export interface RankedEntry {
  member: string
  score: number
}

/** Counters and leaderboards. Scores are numbers; keys and members are opaque strings. */
export interface CountersPort extends Pingable {
  /** Adds `by` to the counter `key` and returns the new value. */
  incrBy(key: string, by: number): Promise<number>
  /** Sets a counter to `value` (stock hints are absolute, not increments). */
  set(key: string, value: number): Promise<void>
  /** Reads a counter; 0 when it was never set. */
  get(key: string): Promise<number>
  /** Adds `by` to `member` in the sorted set `key` and returns its new score. */
  zIncrBy(key: string, member: string, by: number): Promise<number>
  /** The `limit` highest-scored members, highest first; ties in reverse member order, as Redis `ZRANGE … REV` orders them. */
  zTop(key: string, limit: number): Promise<RankedEntry[]>
}
