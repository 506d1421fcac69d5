/** @module Tests of trending terms: bounded plain words, and the keys one search bumps. */
import { describe, expect, it } from 'vitest'
import { trendingOps, trendingTerm } from './trending'

describe('trendingTerm', () => {
  it('folds case, spaces and punctuation into plain words', () => {
    expect(trendingTerm('  Trail   Runner! ')).toBe('trail runner')
    expect(trendingTerm('Café-Crème')).toBe('café crème')
  })

  it('cannot carry markup or a link to the board', () => {
    expect(trendingTerm('<img src=x>')).toBe('img src x')
    expect(trendingTerm('<img src=x onerror=alert(1)> cheap pills at evil.example')).toBeNull()
    expect(trendingTerm('evil.example/buy')).toBe('evil example buy')
  })

  it('refuses empty, long and many-word queries', () => {
    expect(trendingTerm('   ')).toBeNull()
    expect(trendingTerm('<>!?')).toBeNull()
    expect(trendingTerm('a b c d e f')).toBeNull()
    expect(trendingTerm('x'.repeat(25))).toBeNull()
    expect(trendingTerm('a b c d e')).toBe('a b c d e')
  })

  it('bumps the all-time board and the UTC day of the search', () => {
    expect(trendingOps('jacket', Date.UTC(2026, 0, 2, 23, 59))).toEqual([
      { kind: 'zincr', key: 'trending:all', member: 'jacket', by: 1 },
      { kind: 'zincr', key: 'trending:2026-01-02', member: 'jacket', by: 1 },
    ])
  })
})
