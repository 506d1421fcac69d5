/** @module Reading a leaderboard for display: ranked entries, or an empty degraded answer. */
import type { CountersPort } from '../ports/counters'

/** One line of a leaderboard as the API answers it; `rank` is 1 for the top member. */
export interface RankedItem {
  member: string
  score: number
  rank: number
}

/** A leaderboard answer; `degraded` says the counters store failed and `items` is empty for it. */
export interface Leaderboard {
  items: RankedItem[]
  degraded: boolean
}

// Leaderboards are decoration: past this wait the page is better served without one.
const READ_TIMEOUT_MS = 1_500

/**
 * The `limit` top members of `key`, ranked by position (ties keep the store's order, so ranks
 * are 1…n with no gaps). Fails open: a store that errs or does not answer in time yields
 * `{items: [], degraded: true}` and `onError` hears why.
 */
export async function readLeaderboard(
  counters: CountersPort,
  key: string,
  limit: number,
  onError: (error: unknown) => void,
  timeoutMs = READ_TIMEOUT_MS,
): Promise<Leaderboard> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    const entries = await Promise.race([counters.zTop(key, limit), timeout])
    // Refunds can bring a member down to nothing: it no longer belongs on the board.
    const ranked = entries.filter((e) => e.score > 0)
    return { items: ranked.map((e, i) => ({ ...e, rank: i + 1 })), degraded: false }
  } catch (error) {
    onError(error)
    return { items: [], degraded: true }
  } finally {
    if (timer !== undefined) clearTimeout(timer)
  }
}
