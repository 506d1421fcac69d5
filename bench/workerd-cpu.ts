/**
 * @module workerd's CPU time as the kernel counts it (`/proc/<pid>/stat`): the bench tools that
 * divide it by requests or orders read it here. Linux only; clock ticks of 10 ms (USER_HZ 100).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

/** User and system CPU time of a process so far, in ms. */
export interface CpuTime {
  userMs: number
  systemMs: number
}

/** Reads utime and stime from the text of `/proc/<pid>/stat` (the command may hold spaces). */
export function parseStat(text: string): CpuTime {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  const userTicks = Number(fields[11])
  const systemTicks = Number(fields[12])
  if (!Number.isFinite(userTicks) || !Number.isFinite(systemTicks))
    throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`)
  return { userMs: userTicks * 10, systemMs: systemTicks * 10 }
}

export function cpuTime(pid: number): CpuTime {
  return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))
}

/** User plus system time of `pid` so far, in ms. */
export function cpuMs(pid: number): number {
  const t = cpuTime(pid)
  return t.userMs + t.systemMs
}

/** The workerd processes this one started (Miniflare runs one per instance). */
export function workerdChildren(): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(process.pid), '-x', 'workerd'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number)
      .filter((pid) => pid > 0)
  } catch {
    // pgrep exits 1 when nothing matches.
    return []
  }
}

/** The workerd process `start` started: the child that was not there before it. */
export async function startedWorkerd<T>(
  start: () => Promise<T>,
): Promise<{ pid: number; value: T }> {
  const before = new Set(workerdChildren())
  const value = await start()
  const pid = workerdChildren().find((p) => !before.has(p))
  if (!pid) throw new Error('no new workerd child of this process')
  return { pid, value }
}

/** workerd's CPU during one timed load: what the one thread that serves everything spent. */
export interface WorkerdCpuWindow {
  seconds: number
  /** User plus system time of the workerd process during the load. */
  cpuMs: number
  /** cpuMs over the load's wall time: 1 is one core busy throughout (its one thread saturated). */
  shareOfOneCore: number
  /** cpuMs per request answered in the load (for a sale: per order, every answer being a 201). */
  msPerAnswer: number
}

export function workerdCpuWindow(
  beforeMs: number,
  afterMs: number,
  seconds: number,
  answered: number,
): WorkerdCpuWindow {
  const cpu = afterMs - beforeMs
  const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits
  return {
    seconds: round(seconds, 2),
    cpuMs: cpu,
    shareOfOneCore: seconds > 0 ? round(cpu / (seconds * 1000), 3) : 0,
    msPerAnswer: answered > 0 ? round(cpu / answered, 3) : 0,
  }
}

/**
 * results.md's section on workerd's CPU during each load that read it. A load's rate against the
 * ceiling's is exactly the product of two ratios of the same run: the ceiling's CPU per request
 * over the load's CPU per answer, and the load's share of one core over the ceiling's.
 */
export function workerdCpuSection(
  scenarios: { id: string; figures?: { workerdCpu?: WorkerdCpuWindow } }[],
): string[] {
  const metered = scenarios.filter((s) => s.figures?.workerdCpu)
  const ceiling = metered.find((s) => s.id === 'ceiling')?.figures?.workerdCpu
  if (metered.length === 0 || !ceiling) return []
  const x = (n: number) => `${n.toFixed(3)}×`
  return [
    "## workerd's CPU during each load",
    '',
    "User and system time of the workerd process that served each load, from `/proc/<pid>/stat` read before and after (bench/workerd-cpu.ts; ticks of 10 ms). One thread of it runs the api, every object, the queue and the consumer. A load's rate against the ceiling's is the product of the last two columns: how much less CPU the ceiling spends per request than the load per answer, and how much of the one thread the load kept busy against the ceiling. The floor's loads ran in a workerd of their own and are set against the shop's ceiling.",
    '',
    "| scenario | seconds | CPU ms | share of one core | CPU ms per answer | the ceiling's CPU per request ÷ this per answer | share of one core ÷ the ceiling's |",
    '|---|---:|---:|---:|---:|---:|---:|',
    ...metered.map((s) => {
      const w = s.figures?.workerdCpu as WorkerdCpuWindow
      const perAnswer = w.msPerAnswer > 0 ? x(ceiling.msPerAnswer / w.msPerAnswer) : '—'
      const share = ceiling.shareOfOneCore > 0 ? x(w.shareOfOneCore / ceiling.shareOfOneCore) : '—'
      return `| ${s.id} | ${w.seconds} | ${w.cpuMs} | ${w.shareOfOneCore.toFixed(3)} | ${w.msPerAnswer.toFixed(3)} | ${perAnswer} | ${share} |`
    }),
    '',
  ]
}
