/** @module Trending searches: each first-page query bumps a per-day and an all-time sorted set. */
import { leaderboardKeys } from '#domain/counting/keys'
import type { CountersPort } from '#domain/ports/counters'

/** Queries are case- and space-folded so "Trail  Shoes" and "trail shoes" count together. */
const normaliseQuery = (q: string) => q.toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 100)

/** Counts the query; fails open, since a lost count must never fail a search. */
export async function bumpTrending(
  counters: CountersPort,
  q: string,
  warn: (msg: string, fields: object) => void,
) {
  try {
    const member = normaliseQuery(q)
    const keys = leaderboardKeys('trending', new Date())
    await Promise.all(keys.map((key) => counters.zIncrBy(key, member, 1)))
  } catch (err) {
    warn('trending search not counted', { error: err })
  }
}
