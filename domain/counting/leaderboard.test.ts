/** @module Tests of reading a leaderboard: ranks, and failing open on errors and silence. */
import { describe, expect, it } from 'vitest'
import type { CountersPort, RankedEntry } from '../ports/counters'
import { readLeaderboard } from './leaderboard'

/** A counters store that only answers zTop, with `zTop` as given. */
const storeWith = (zTop: CountersPort['zTop']) => ({ zTop }) as unknown as CountersPort

describe('readLeaderboard', () => {
  it('numbers entries from 1 in the order the store ranks them', async () => {
    const entries: RankedEntry[] = [
      { member: 'b', score: 9 },
      { member: 'a', score: 9 },
    ]
    const board = await readLeaderboard(
      storeWith(async () => entries),
      'k',
      2,
      () => {},
    )
    expect(board).toEqual({
      items: [
        { member: 'b', score: 9, rank: 1 },
        { member: 'a', score: 9, rank: 2 },
      ],
      degraded: false,
    })
  })

  it('degrades to no items when the store fails or does not answer in time', async () => {
    const errors: unknown[] = []
    const failing = storeWith(() => Promise.reject(new Error('down')))
    const silent = storeWith(() => new Promise(() => {}))
    expect(await readLeaderboard(failing, 'k', 5, (e) => errors.push(e))).toEqual({
      items: [],
      degraded: true,
    })
    expect(await readLeaderboard(silent, 'k', 5, (e) => errors.push(e), 20)).toEqual({
      items: [],
      degraded: true,
    })
    expect(errors.map((e) => (e as Error).message)).toEqual(['down', 'no answer within 20 ms'])
  })
})
