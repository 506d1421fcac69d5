/**
 * @module How the bench tells, per sale, which requests found their shopper's object evicted
 * (bench/scenarios/sale-client.ts ShopperTurns): the results' first-order share rests on it.
 */
import { describe, expect, it } from 'vitest'
import { ShopperTurns } from '#bench/scenarios/sale-client'

const EVICTED =
  "requests that found their shopper's object evicted (its first, or over 10 s after its last)"

describe('ShopperTurns', () => {
  it("counts a shopper's first request and any after more than 10 s idle, not the ones between", () => {
    let now = 0
    const turns = new ShopperTurns([], () => now)
    turns.request('a') // first: evicted since the cart line
    now = 9_999
    turns.request('a') // in memory
    turns.request('b') // first
    now = 20_000
    turns.request('a') // 10,001 ms after its last: evicted
    turns.request('b') // 10,001 ms after its last: evicted
    now = 20_001
    turns.request('b') // in memory
    expect(turns.summary(2)).toEqual({ 'requests per shopper': 3, [EVICTED]: '4 of 6 (67%)' })
  })

  it('treats shoppers the warm-up just ordered for as in memory', () => {
    let now = 1_000
    const turns = new ShopperTurns(['a'], () => now)
    now = 5_000
    turns.request('a')
    turns.request('b')
    expect(turns.summary(4)).toEqual({ 'requests per shopper': 0.5, [EVICTED]: '1 of 2 (50%)' })
  })

  it('reports no requests as none', () => {
    expect(new ShopperTurns().summary(10)).toEqual({
      'requests per shopper': 0,
      [EVICTED]: '0 of 0 (0%)',
    })
  })
})
