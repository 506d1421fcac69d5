/**
 * @module How `npm run bench:profile` weighs a V8 CPU profile's samples (bench/profile-summary.ts):
 * a gap in the sampling, while the isolate did not run, is nobody's time.
 */
import { describe, expect, it } from 'vitest'
import { type Profile, sampleWeights, summarise } from '#bench/profile-summary'

const frame = (functionName: string, lineNumber: number) => ({
  functionName,
  url: 'file:///bundle/index.js',
  lineNumber,
  columnNumber: 0,
})

/** root → a → b, and root → c: samples name the leaf. */
function profile(samples: number[], timeDeltas: number[]): Profile {
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)', -1), children: [2, 4] },
      { id: 2, callFrame: frame('a', 9), children: [3] },
      { id: 3, callFrame: frame('b', 19) },
      { id: 4, callFrame: frame('c', 29) },
    ],
    samples,
    timeDeltas,
    startTime: 0,
    endTime: timeDeltas.reduce((n, d) => n + d, 0),
  }
}

describe('sampleWeights', () => {
  it('gives each sample the time to the next, the last one interval', () => {
    expect(sampleWeights(profile([2, 3, 4], [50, 200, 300]), 200)).toEqual([200, 300, 200])
  })

  it('caps a gap at two intervals', () => {
    expect(sampleWeights(profile([2, 4, 3], [0, 90_000, 200]), 200)).toEqual([400, 200, 200])
  })
})

describe('summarise', () => {
  it('charges a gap to no function, and reports it as not sampled', () => {
    // c runs for 4 samples, then the isolate is off the thread for 100 ms, then b for 1 sample.
    const p = profile([4, 4, 4, 4, 3], [0, 200, 200, 200, 100_000])
    const s = summarise(p, 200)
    expect(s.all).toBe(200 * 3 + 400 + 200)
    expect(s.unsampled).toBe(100_000 - 400)
    // c: 1,000 of 1,200 µs; b and a: the last sample's 200.
    expect(s.self[0]).toBe(' 83.3%  c bundle/index.js:30')
    expect(s.self[1]).toBe(' 16.7%  b bundle/index.js:20')
    expect(s.total).toContain(' 16.7%  a bundle/index.js:10')
    expect(s.total[0]).toBe('100.0%  (root) bundle/index.js:0')
  })

  it('counts idle samples apart', () => {
    const p = profile([2, 2], [0, 200])
    p.nodes[1] = { id: 2, callFrame: frame('(idle)', -1), children: [3] }
    const s = summarise(p, 200)
    expect(s.idle).toBe(400)
    expect(s.unsampled).toBe(0)
  })
})
