/** @module The bench's reading of workerd's CPU time from /proc/<pid>/stat (bench/workerd-cpu.ts). */
import { describe, expect, it } from 'vitest'
import { parseStat } from '../../bench/workerd-cpu'

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
