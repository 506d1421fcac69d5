/** @module Tests of once-per-window counting: a client repeating itself counts once. */
import { describe, expect, it } from 'vitest'
import { OncePerWindow } from './once-per-window'

describe('OncePerWindow', () => {
  it('counts a client once per key per window, and again in the next window', () => {
    const seen = new OncePerWindow(60_000)
    expect(seen.first('ip:1', 'view:p1', 0)).toBe(true)
    expect(seen.first('ip:1', 'view:p1', 59_999)).toBe(false)
    expect(seen.first('ip:1', 'view:p2', 10)).toBe(true)
    expect(seen.first('ip:2', 'view:p1', 10)).toBe(true)
    expect(seen.first('ip:1', 'view:p1', 60_000)).toBe(true)
  })

  it('counts nothing new once the window holds its cap of pairs, so a flood moves nothing', () => {
    const seen = new OncePerWindow(60_000, 3)
    for (const client of ['a', 'b', 'c']) expect(seen.first(client, 'k', 0)).toBe(true)
    expect(seen.first('d', 'k', 1)).toBe(false)
    expect(seen.first('d', 'k', 60_000)).toBe(true)
  })
})
