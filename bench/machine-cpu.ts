/**
 * @module What the machine's CPUs did during each timed load, from the first line of `/proc/stat`
 * read before and after (no work of its own during the load): the share of all cores' time spent
 * working (user, nice, system, irq, softirq), waiting on I/O with nothing to run (iowait), taken
 * by the hypervisor for other guests (steal) and idle. A ratio's two loads are measured minutes
 * apart; steal during one and not the other moves the ratio with nothing in the code changed.
 */
import { readFileSync } from 'node:fs'

/** Cumulative ticks of all cores (`cpu` line of /proc/stat). */
export interface CpuTicks {
  busy: number
  iowait: number
  steal: number
  idle: number
}

/** One window's shares of all cores' time (0–1 each; they add up to 1). */
export interface CpuWindow {
  seconds: number
  busy: number
  iowait: number
  steal: number
  idle: number
}

/** The all-cores line of /proc/stat, or undefined when the text has none. */
export function parseProcStat(text: string): CpuTicks | undefined {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l))
  if (!line) return undefined
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number)
  const values = [user, nice, system, idle, iowait, irq, softirq, steal]
  if (values.some((v) => v === undefined || !Number.isFinite(v))) return undefined
  const n = values as number[]
  return {
    busy: (n[0] ?? 0) + (n[1] ?? 0) + (n[2] ?? 0) + (n[5] ?? 0) + (n[6] ?? 0),
    idle: n[3] ?? 0,
    iowait: n[4] ?? 0,
    steal: n[7] ?? 0,
  }
}

/** The shares between two readings `seconds` apart, to three decimals. */
export function cpuWindow(before: CpuTicks, after: CpuTicks, seconds: number): CpuWindow {
  const d = {
    busy: after.busy - before.busy,
    iowait: after.iowait - before.iowait,
    steal: after.steal - before.steal,
    idle: after.idle - before.idle,
  }
  const all = d.busy + d.iowait + d.steal + d.idle
  const share = (ticks: number) => (all > 0 ? Math.round((ticks / all) * 1000) / 1000 : 0)
  return {
    seconds: Math.round(seconds * 10) / 10,
    busy: share(d.busy),
    iowait: share(d.iowait),
    steal: share(d.steal),
    idle: share(d.idle),
  }
}

/** Starts a window; calling what it returns ends it (undefined where /proc/stat cannot be read). */
export function startCpuWindow(
  read: () => string | undefined = () => {
    try {
      return readFileSync('/proc/stat', 'utf8')
    } catch {
      return undefined
    }
  },
  now: () => number = () => performance.now(),
): () => CpuWindow | undefined {
  const ticks = () => {
    const text = read()
    return text === undefined ? undefined : parseProcStat(text)
  }
  const before = ticks()
  const started = now()
  return () => {
    const after = ticks()
    if (!before || !after) return undefined
    return cpuWindow(before, after, (now() - started) / 1000)
  }
}

/** results.md's section on the CPUs during each timed load that read them. */
export function cpuSection(scenarios: { id: string; figures?: { cpu?: CpuWindow } }[]): string[] {
  const metered = scenarios.filter((s) => s.figures?.cpu)
  if (metered.length === 0) return []
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`
  return [
    "## The machine's CPUs during each load",
    '',
    "Shares of all cores' time during each scenario's timed load, from `/proc/stat` read before and after (bench/machine-cpu.ts). Steal is time the hypervisor gave to other guests while this one had work; iowait is time with nothing to run but I/O outstanding. Every ratio compares two loads taken minutes apart, and steal in one and not the other moves it.",
    '',
    '| scenario | seconds | working | iowait | steal | idle |',
    '|---|---:|---:|---:|---:|---:|',
    ...metered.map((s) => {
      const c = s.figures?.cpu as CpuWindow
      return `| ${s.id} | ${c.seconds} | ${pct(c.busy)} | ${pct(c.iowait)} | ${pct(c.steal)} | ${pct(c.idle)} |`
    }),
    '',
  ]
}
