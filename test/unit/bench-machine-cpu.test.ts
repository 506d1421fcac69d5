/**
 * @module The bench's reading of the machine's CPUs during each timed load: shares of working,
 * iowait, steal and idle time from /proc/stat, and the results section that reports them.
 */
import { describe, expect, it } from 'vitest'
import { cpuSection, cpuWindow, parseProcStat, startCpuWindow } from '#bench/machine-cpu'

// The first lines of /proc/stat as this machine's kernel printed them, 10 s of a sale apart.
const BEFORE = [
  'cpu  248881 0 30512 439498 10954 0 4590 40964 0 0',
  'cpu0 124000 0 15000 220000 5000 0 2500 20000 0 0',
  'intr 123456 0 0',
].join('\n')
const AFTER = [
  'cpu  250181 0 30712 439798 11054 0 4690 41264 0 0',
  'cpu0 124600 0 15100 220200 5050 0 2550 20150 0 0',
].join('\n')

describe('parseProcStat', () => {
  it('adds user, nice, system, irq and softirq into working time and keeps the rest apart', () => {
    expect(parseProcStat(BEFORE)).toEqual({
      busy: 248881 + 30512 + 4590,
      idle: 439498,
      iowait: 10954,
      steal: 40964,
    })
  })

  it('answers undefined without an all-cores line or with a short one', () => {
    expect(parseProcStat('cpu0 1 2 3 4 5 6 7 8')).toBeUndefined()
    expect(parseProcStat('cpu  1 2 3')).toBeUndefined()
  })
})

describe('cpuWindow', () => {
  it("gives each kind's share of all cores' time in the window", () => {
    const before = parseProcStat(BEFORE)
    const after = parseProcStat(AFTER)
    if (!before || !after) throw new Error('no cpu line')
    // Working 1300 + 200 + 100 = 1600 ticks, idle 300, iowait 100, steal 300: 2300 in all.
    expect(cpuWindow(before, after, 11.5)).toEqual({
      seconds: 11.5,
      busy: 0.696,
      idle: 0.13,
      iowait: 0.043,
      steal: 0.13,
    })
  })

  it('gives zero shares for a window with no ticks', () => {
    const t = { busy: 1, iowait: 1, steal: 1, idle: 1 }
    expect(cpuWindow(t, t, 0)).toEqual({ seconds: 0, busy: 0, iowait: 0, steal: 0, idle: 0 })
  })
})

describe('startCpuWindow', () => {
  it('reads before and after and times the window', () => {
    const texts = [BEFORE, AFTER]
    const times = [1_000, 11_000]
    const end = startCpuWindow(
      () => texts.shift(),
      () => times.shift() ?? 0,
    )
    expect(end()).toMatchObject({ seconds: 10, steal: 0.13 })
  })

  it('answers undefined where /proc/stat cannot be read', () => {
    expect(startCpuWindow(() => undefined)()).toBeUndefined()
  })

  it("reads this machine's /proc/stat", () => {
    const window = startCpuWindow()()
    expect(window).toBeDefined()
    const sum =
      (window?.busy ?? 0) + (window?.iowait ?? 0) + (window?.steal ?? 0) + (window?.idle ?? 0)
    // Shares of a window too short to tick may all be 0.
    expect(sum === 0 || Math.abs(sum - 1) < 0.01).toBe(true)
  })
})

describe('cpuSection', () => {
  it('lists each metered scenario and nothing without one', () => {
    const cpu = { seconds: 10, busy: 0.9, iowait: 0.01, steal: 0.05, idle: 0.04 }
    const lines = cpuSection([{ id: 'ceiling', figures: { cpu } }, { id: 'archive' }])
    expect(lines.join('\n')).toContain('| ceiling | 10 | 90.0% | 1.0% | 5.0% | 4.0% |')
    expect(lines.join('\n')).not.toContain('archive')
    expect(cpuSection([{ id: 'archive' }])).toEqual([])
  })
})
