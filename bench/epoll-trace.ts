/**
 * @module Traces when one thread of workerd polls its sockets (`epoll_pwait`, or `epoll_wait` in the
 * workerd of 2026-11 on), with `perf`, and
 * turns the trace into the stretches the thread ran without polling: while one lasts, no new
 * request is read and no new connection accepted (KJ's event loop polls only once its queue of
 * ready work is empty). Used by `npm run bench:loop-gaps`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'

/**
 * The stretches, in ms, from each return of a poll on `tid` to its next call, read from
 * `perf script -F tid,time,event` output. A poll that blocks (the thread idle) is not a stretch:
 * only the time between a return and the next call is counted.
 */
export function busyStretches(script: string, tid: number): number[] {
  const stretches: number[] = []
  let returned: number | undefined
  for (const line of script.split('\n')) {
    // "<tid> <seconds>: syscalls:sys_enter_epoll_pwait: …" or "… sys_exit_epoll_wait: …"
    const [thread, time, event = ''] = line.trim().split(/\s+/)
    if (Number(thread) !== tid) continue
    const at = Number.parseFloat(time ?? '')
    if (!Number.isFinite(at)) continue
    if (/sys_exit_epoll_p?wait:?$/.test(event)) returned = at
    else if (/sys_enter_epoll_p?wait:?$/.test(event) && returned !== undefined) {
      stretches.push((at - returned) * 1000)
      returned = undefined
    }
  }
  return stretches
}

/** The longest stretches (ms, longest first), how many passed 500 ms, and the total of those over 100 ms. */
export function summarize(stretches: number[]) {
  const long = stretches.filter((ms) => ms > 100).sort((a, b) => b - a)
  return {
    polls: stretches.length,
    longestMs: long.slice(0, 5).map((ms) => Math.round(ms)),
    over500Ms: long.filter((ms) => ms > 500).length,
    msInStretchesOver100: Math.round(long.reduce((a, b) => a + b, 0)),
  }
}

/**
 * Starts `perf record` of `tid`'s `epoll_pwait` and `epoll_wait` calls into `file` (workerd moved
 * from the first to the second between its releases of July and November 2026; a trace of the one
 * it no longer makes counts no polls at all); `stop()` gives the stretches.
 */
export function traceEpoll(tid: number, file: string) {
  const perf: ChildProcess = spawn(
    'perf',
    [
      'record',
      '-q',
      '-e',
      'syscalls:sys_enter_epoll_pwait',
      '-e',
      'syscalls:sys_exit_epoll_pwait',
      '-e',
      'syscalls:sys_enter_epoll_wait',
      '-e',
      'syscalls:sys_exit_epoll_wait',
      '-t',
      String(tid),
      '-o',
      file,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  perf.stderr?.on('data', (chunk) => {
    stderr += String(chunk)
  })
  const exited = new Promise<string>((resolve) =>
    perf.on('exit', (code, signal) => resolve(signal ?? String(code))),
  )
  return {
    async stop(): Promise<number[]> {
      perf.kill('SIGINT')
      // perf stops on SIGINT and writes its file; anything else is a failure.
      const how = await exited
      if (how !== '0' && how !== 'SIGINT')
        throw new Error(`perf record ended with ${how}: ${stderr.trim()}`)
      const script = execFileSync('perf', ['script', '-i', file, '-F', 'tid,time,event'], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      })
      return busyStretches(script, tid)
    },
  }
}
