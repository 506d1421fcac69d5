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
