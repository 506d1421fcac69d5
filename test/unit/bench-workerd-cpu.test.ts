/** @module The bench's reading of workerd's CPU time from /proc/<pid>/stat (bench/workerd-cpu.ts). */
import { describe, expect, it } from 'vitest'
import { parseStat, workerdCpuSection, workerdCpuWindow } from '../../bench/workerd-cpu'

describe('parseStat', () => {
  it('reads utime and stime in ms, whatever the command name holds', () => {
    // A line of this kernel's format (fields 14 and 15 are utime and stime, in ticks of 10 ms).
    const line =
      '4242 (workerd) S 4100 4242 4100 0 -1 4194560 51234 0 12 0 1234 567 0 0 20 0 9 0 4567 123456789 34567 18446744073709551615 1 1 0 0 0 0 0 4096 17000 0 0 0 17 1 0 0 0 0 0'
    expect(parseStat(line)).toEqual({ userMs: 12_340, systemMs: 5_670 })
    expect(parseStat(line.replace('(workerd)', '(a (b) c)'))).toEqual({
      userMs: 12_340,
      systemMs: 5_670,
    })
  })

  it('refuses text that is not a stat line', () => {
    expect(() => parseStat('nonsense')).toThrow(/not a \/proc/)
  })
})

describe('workerdCpuWindow', () => {
  it('gives the share of one core and the CPU per answer', () => {
    expect(workerdCpuWindow(1_000, 9_000, 10, 4_000)).toEqual({
      seconds: 10,
      cpuMs: 8_000,
      shareOfOneCore: 0.8,
      msPerAnswer: 2,
    })
  })

  it('gives zero, not a division by zero, for a load nothing answered', () => {
    expect(workerdCpuWindow(500, 500, 0, 0)).toEqual({
      seconds: 0,
      cpuMs: 0,
      shareOfOneCore: 0,
      msPerAnswer: 0,
    })
  })
})

describe('workerdCpuSection', () => {
  const at = (id: string, cpuMs: number, answered: number) => ({
    id,
    figures: { workerdCpu: workerdCpuWindow(0, cpuMs, 10, answered) },
  })

  it("sets each load against the ceiling: the two ratios multiply to the load's rate ratio", () => {
    // Ceiling: 9,000 ms of CPU for 9,000 requests (900/s); a sale: 8,000 ms for 1,600 orders (160/s).
    const md = workerdCpuSection([at('ceiling', 9_000, 9_000), at('sale-1', 8_000, 1_600)])
    expect(md[0]).toBe("## workerd's CPU during each load")
    expect(md).toContain('| ceiling | 10 | 9000 | 0.900 | 1.000 | 1.000× | 1.000× |')
    // 1 ms ÷ 5 ms = 0.2, 0.8 ÷ 0.9 = 0.889: 0.2 × 0.889 = 0.178 = 160 / 900.
    expect(md).toContain('| sale-1 | 10 | 8000 | 0.800 | 5.000 | 0.200× | 0.889× |')
  })

  it('writes nothing without a metered ceiling', () => {
    expect(workerdCpuSection([at('sale-1', 8_000, 1_600)])).toEqual([])
    expect(workerdCpuSection([{ id: 'ceiling', figures: {} }])).toEqual([])
  })
})
