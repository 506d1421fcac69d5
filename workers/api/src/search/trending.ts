/** @module Trending searches: each first-page query bumps a per-day and an all-time sorted set. */
import type { CountersPort } from '../../../../domain/ports/counters'

/** Leaderboard keys: `trending:all` and `trending:YYYY-MM-DD` (UTC). */
export const trendingKeys = (now: Date) => [
  'trending:all',
  `trending:${now.toISOString().slice(0, 10)}`,
]

/** Queries are case- and space-folded so "Trail  Shoes" and "trail shoes" count together. */
export const normaliseQuery = (q: string) =>
  q.toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 100)

/** Counts the query; fails open, since a lost count must never fail a search. */
export async function bumpTrending(
  counters: CountersPort,
  q: string,
  warn: (msg: string, fields: object) => void,
) {
  try {
    const member = normaliseQuery(q)
    await Promise.all(trendingKeys(new Date()).map((key) => counters.zIncrBy(key, member, 1)))
  } catch (err) {
    warn('trending search not counted', { error: String(err) })
  }
}
