/**
 * @module The bench's reading of a `perf` trace of workerd's polls (bench:loop-gaps): a stretch is
 * the time from one poll's return to the next call on the traced thread, never a blocking poll
 * and never another thread's.
 */
import { describe, expect, it } from 'vitest'
import { busyStretches, summarize } from '#bench/epoll-trace'

const enter = (tid: number, s: number) =>
  `  ${tid} ${s.toFixed(6)}: syscalls:sys_enter_epoll_pwait: epfd: 0x00000009`
const exit = (tid: number, s: number) =>
  `  ${tid} ${s.toFixed(6)}:  syscalls:sys_exit_epoll_pwait: 0x1`

describe('busyStretches', () => {
  it('counts from a return to the next call, not the time a poll blocked', () => {
    const script = [
      enter(7, 100),
      exit(7, 101), // blocked 1 s: idle, not a stretch
      enter(7, 101.25), // 250 ms of work without polling
      exit(7, 101.25),
      enter(8, 101.3), // another thread: ignored
      exit(8, 103),
      enter(7, 104.25), // 3 s without polling
      exit(7, 104.26),
      '',
    ].join('\n')
    const stretches = busyStretches(script, 7)
    expect(stretches.map((ms) => Math.round(ms))).toEqual([250, 3000])
  })

  it('reads epoll_wait as it reads epoll_pwait (newer workerd polls with the first)', () => {
    const script = [
      enter(7, 10),
      exit(7, 10),
      '  7 10.400000: syscalls:sys_enter_epoll_wait: epfd: 0x00000009',
      '  7 10.500000:  syscalls:sys_exit_epoll_wait: 0x1',
      '  7 10.600000: syscalls:sys_enter_epoll_wait: epfd: 0x00000009',
      '  7 10.600000: syscalls:sys_enter_epoll_ctl: epfd: 0x00000009',
      '',
    ].join('\n')
    expect(busyStretches(script, 7).map((ms) => Math.round(ms))).toEqual([400, 100])
  })

  it('ignores lines it cannot read and a call with no return before it', () => {
    expect(busyStretches(`garbage\n${enter(7, 1)}\n${enter(7, 2)}\n`, 7)).toEqual([])
  })
})

describe('summarize', () => {
  it('lists the longest stretches and totals those over 100 ms', () => {
    expect(summarize([5, 120, 4816.4, 90, 600, 3148])).toEqual({
      polls: 6,
      longestMs: [4816, 3148, 600, 120],
      over500Ms: 3,
      msInStretchesOver100: 8684,
    })
  })
})
