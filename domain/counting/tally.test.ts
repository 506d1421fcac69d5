/** @module Tests of the in-memory count tally: one write per key per interval, capped, bounded loss. */
import { describe, expect, it } from 'vitest'
import type { CounterOp } from '../ports/counters'
import { CountTally } from './tally'

const view = (id: string): CounterOp => ({ kind: 'incr', key: `popularity:${id}`, by: 1 })
const term = (t: string): CounterOp => ({ kind: 'zincr', key: 'trending:all', member: t, by: 1 })

describe('CountTally', () => {
  it('adds up a thousand reads into one increment per key, written once the interval has passed', () => {
    const tally = new CountTally(0)
    for (let i = 0; i < 1_000; i++) {
      tally.add(view(i % 3 === 0 ? 'a' : 'b'))
      tally.add(term('jacket'))
      // Requests within the interval write nothing.
      expect(tally.take(i, 5_000)).toBeNull()
    }
    expect(tally.take(5_000, 5_000)).toEqual([
      { kind: 'incr', key: 'popularity:a', by: 334 },
      { kind: 'zincr', key: 'trending:all', member: 'jacket', by: 1_000 },
      { kind: 'incr', key: 'popularity:b', by: 666 },
    ])
    expect(tally.stats).toEqual({ added: 2_000, flushes: 1, keysWritten: 3, dropped: 0 })
    // The next interval starts at that flush.
    tally.add(view('a'))
    expect(tally.take(9_999, 5_000)).toBeNull()
    expect(tally.take(10_000, 5_000)).toEqual([view('a')])
  })

  it('keeps members of one sorted set apart and counters apart from sorted sets', () => {
    const tally = new CountTally(0)
    tally.add(term('a'))
    tally.add(term('b'))
    tally.add({ kind: 'incr', key: 'trending:all', by: 2 })
    expect(tally.take(1, 0)).toHaveLength(3)
  })

  it('flushes as soon as the cap of keys waits, before the interval, and never takes more than the cap', () => {
    const tally = new CountTally(0, 4)
    for (const id of ['a', 'b', 'c']) tally.add(view(id))
    expect(tally.take(1, 5_000)).toBeNull()
    tally.add(view('d'))
    expect(tally.take(1, 5_000)?.map((op) => op.key)).toEqual([
      'popularity:a',
      'popularity:b',
      'popularity:c',
      'popularity:d',
    ])
    // A caller that did not take in time: past the cap, new keys are refused and counted.
    for (const id of ['e', 'f', 'g', 'h']) expect(tally.add(view(id))).toBe(true)
    expect(tally.add(view('i'))).toBe(false)
    expect(tally.add(view('e'))).toBe(true)
    expect(tally.stats.dropped).toBe(1)
    expect(tally.take(2, 5_000)).toHaveLength(4)
  })

  it('loses at most one interval of counts when the isolate dies before its flush', () => {
    // Requests every 100 ms for a minute, each one view; the isolate dies at a random moment.
    const interval = 5_000
    const tally = new CountTally(0)
    let written = 0
    let added = 0
    const dieAt = 42_345
    for (let t = 0; t < dieAt; t += 100) {
      tally.add(view('a'))
      added++
      for (const op of tally.take(t, interval) ?? []) written += op.by
    }
    const lost = added - written
    // What waits in memory is only what came since the last flush: under one interval of reads.
    expect(lost).toBeGreaterThan(0)
    expect(lost).toBeLessThanOrEqual(interval / 100)
    expect(lost).toBe(tally.stats.added - written)
  })
})
