/**
 * @module How `npm run bench:profile` reads a V8 CPU profile: self and total time per function.
 *
 * V8 gives each sample the time since the one before (`timeDeltas`). Inside workerd an isolate is
 * sampled only while it runs: while the thread serves another isolate (the queue consumer, D1,
 * the rate limiter) or waits outside the isolate, no sample is taken, and the next delta spans the
 * whole gap. Charged to one sample, such a gap makes one function look like half the profile: in
 * the consumer's, the first function of each batch did. So a sample counts for the time to
 * the next one, as DevTools reads it, but for at most `GAP_FACTOR` sampling intervals; the rest
 * is reported as time the isolate was not sampled.
 */

export interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
  columnNumber: number
}
export interface ProfileNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}
export interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

/** A sample stands for at most this many sampling intervals; a longer delta is a gap. */
export const GAP_FACTOR = 2

export interface Summary {
  /** Sampled time (µs), each sample capped: the isolate's own time, idle included. */
  all: number
  /** Of `all`, the samples V8 marks idle. */
  idle: number
  /** Time (µs) between samples beyond the cap: the isolate was not running. */
  unsampled: number
  self: string[]
  total: string[]
}

/** The time (µs) each sample stands for: the delta to the next sample, capped. */
export function sampleWeights(profile: Profile, intervalUs: number): number[] {
  const cap = GAP_FACTOR * intervalUs
  return profile.samples.map((_, i) => Math.min(profile.timeDeltas[i + 1] ?? intervalUs, cap))
}

/** Self and total sampled time per function (name, file, line), largest first. */
export function summarise(profile: Profile, intervalUs: number, top = 25): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const weights = sampleWeights(profile, intervalUs)
  const self = new Map<number, number>()
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (weights[i] ?? 0))
  })
  const cap = GAP_FACTOR * intervalUs
  const unsampled = profile.timeDeltas.slice(1).reduce((n, d) => n + Math.max(0, d - cap), 0)
  const label = (f: CallFrame) =>
    `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`
  const selfBy = new Map<string, number>()
  const totalBy = new Map<string, number>()
  let all = 0
  for (const [id, us] of self) {
    all += us
    const node = byId.get(id)
    if (!node) continue
    selfBy.set(label(node.callFrame), (selfBy.get(label(node.callFrame)) ?? 0) + us)
    // Each function once per stack, however deep its recursion.
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame
      if (!frame) break
      const key = label(frame)
      if (seen.has(key)) continue
      seen.add(key)
      totalBy.set(key, (totalBy.get(key) ?? 0) + us)
    }
  }
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `${((100 * us) / all).toFixed(1).padStart(5)}%  ${k}`)
  const idle = [...selfBy].filter(([k]) => k.startsWith('(idle)')).reduce((n, [, us]) => n + us, 0)
  return {
    all,
    idle,
    unsampled,
    self: rows(selfBy),
    total: rows(totalBy),
  }
}
