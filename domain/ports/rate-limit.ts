/** @module The Rate-limit port: fixed or sliding windows keyed by caller. */
import type { Pingable } from './health'

/** The outcome of one limit check. `limit`, `remaining` and `reset` are known only to some adapters. */
export interface RateLimitResult {
  success: boolean
  limit?: number
  remaining?: number
  /** Unix time in milliseconds when the window resets. */
  reset?: number
}

/** Checks and counts one hit against `key`. */
export interface RateLimitPort extends Pingable {
  limit(key: string): Promise<RateLimitResult>
}
