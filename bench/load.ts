/** @module Runs autocannon against a loopback URL and reduces its result to the bench's figures. */
import autocannon, { type Options } from 'autocannon'
import { type CpuWindow, startCpuWindow } from './machine-cpu'
import { cpuMs, type WorkerdCpuWindow, workerdCpuWindow } from './workerd-cpu'

/** What each scenario reports. */
export interface LoadFigures {
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  total: number
  /** Requests sent, answered or not: the difference to `total` was in flight at the stop. */
  sent: number
  /** Requests answered with anything but 2xx or an expected status, plus socket errors and timeouts. */
  errors: number
  socketErrors: number
  timeouts: number
  statuses: Record<string, number>
  seconds: number
  /** What the machine's CPUs did during the timed load (not the warm-up), where /proc/stat is read. */
  cpu?: CpuWindow
  /** What the workerd process under load spent during the timed load, where one is metered. */
  workerdCpu?: WorkerdCpuWindow
}

/** The workerd process whose CPU time each load reads (set by bench/run.ts); none while unset. */
let meteredPid: number | undefined

/** Meters `pid` in every load from now on; `undefined` stops. */
export function meterWorkerd(pid: number | undefined): void {
  meteredPid = pid
}

/** workerd's CPU so far, or undefined where it cannot be read (gone, or not Linux). */
function workerdCpuNow(): number | undefined {
  if (meteredPid === undefined) return undefined
  try {
    return cpuMs(meteredPid)
  } catch {
    return undefined
  }
}

/** Refuses any target but loopback: the bench must never load a shared or remote host. */
export function assertLoopback(url: string) {
  const host = new URL(url).hostname
  if (host !== '127.0.0.1') throw new Error(`bench targets 127.0.0.1 only, not ${host}`)
}

/**
 * Drives `opts.url` and counts statuses in `expected` (e.g. 409 in a sell-out) as non-errors.
 * `warmupSeconds` of unrecorded load first fill caches and wake objects, as a live shop would be.
 */
export async function load(
  opts: Options,
  expected: readonly number[] = [],
  warmupSeconds = 0,
): Promise<LoadFigures> {
  assertLoopback(opts.url)
  if (warmupSeconds)
    await autocannon({ connections: 32, timeout: 20, ...opts, duration: warmupSeconds })
  const endCpu = startCpuWindow()
  const workerdBefore = workerdCpuNow()
  const r = await autocannon({ connections: 32, timeout: 20, ...opts })
  const workerdAfter = workerdCpuNow()
  const cpu = endCpu()
  const statuses: Record<string, number> = {}
  for (const [code, s] of Object.entries(r.statusCodeStats)) statuses[code] = s.count
  const bad = Object.entries(statuses)
    .filter(([code]) => !code.startsWith('2') && !expected.includes(Number(code)))
    .reduce((n, [, count]) => n + count, 0)
  const total = Object.values(statuses).reduce((a, b) => a + b, 0)
  return {
    requestsPerSecond: round(total / r.duration),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    total,
    sent: r.requests.sent,
    errors: bad + r.errors + r.timeouts,
    socketErrors: r.errors,
    timeouts: r.timeouts,
    statuses,
    seconds: round(r.duration),
    ...(cpu ? { cpu } : {}),
    ...(workerdBefore !== undefined && workerdAfter !== undefined
      ? { workerdCpu: workerdCpuWindow(workerdBefore, workerdAfter, r.duration, total) }
      : {}),
  }
}

/** Two decimals are plenty for figures this noisy. */
export function round(n: number) {
  return Math.round(n * 100) / 100
}
