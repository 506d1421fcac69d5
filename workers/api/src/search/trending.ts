/** @module Trending searches: a query that finds products counts once per client per window. */
import type { Context } from 'hono'
import { trendingOps, trendingTerm } from '#domain/counting/trending'
import { countOncePerClient } from '../counting/counts'
import type { AppEnv } from '../types'

/**
 * Counts a first-page query that found products in the isolate's tally, once per client per
 * window, in its bounded board form; queries that find nothing, or that are no plain short term,
 * never reach the public board.
 */
export function countTrending(c: Context<AppEnv>, q: string, page: number, total: number) {
  if (page !== 1 || total === 0) return
  const term = trendingTerm(q)
  if (term) countOncePerClient(c, `search:${term}`, ...trendingOps(term, Date.now()))
}
