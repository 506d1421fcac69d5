/**
 * @module Trending search terms: what a query counts as on the public board, bounded so the
 * board can only ever show short plain words.
 */

import type { CounterOp } from '../ports/counters'
import { leaderboardKeys } from './keys'

/** Words a term keeps, and characters per word and per term: longer queries are not trends. */
export const MAX_TERM_WORDS = 5
export const MAX_WORD_CHARS = 24
export const MAX_TERM_CHARS = 60

/**
 * The board's form of a query: lower case, letters and digits only (markup, punctuation and URLs
 * fall apart into words), at most MAX_TERM_WORDS words of at most MAX_WORD_CHARS, in the order
 * typed. Null when nothing countable is left or the query is longer than a term may be.
 */
export function trendingTerm(q: string): string | null {
  const words =
    q
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  if (words.length === 0 || words.length > MAX_TERM_WORDS) return null
  if (words.some((w) => w.length > MAX_WORD_CHARS)) return null
  const term = words.join(' ')
  return term.length > MAX_TERM_CHARS ? null : term
}

/** The increments one counted search adds: the term on the all-time board and today's. */
export function trendingOps(term: string, at: Date | number): CounterOp[] {
  return leaderboardKeys('trending', at).map((key) => ({ kind: 'zincr', key, member: term, by: 1 }))
}
