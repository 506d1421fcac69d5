/**
 * @module The bench's reading of the disk under the objects' files during each sale: the device's
 * writes and cache flushes from /proc/diskstats, and the results section that reports them.
 */
import { describe, expect, it } from 'vitest'
import { diskMeter, diskSection, diskWindow, parseDiskstats } from '#bench/disk'
import type { ScenarioResult } from '#bench/scenarios/reads'

// Two lines as this machine's kernel (6.18) printed them, 500 fsyncs apart, with a partition and
// a loop device around them.
const BEFORE = [
  '   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0',
  ' 254       0 vda 82019 8698 3999706 994388 1330581 109163 21482712 306173 0 222104 1352833 123876 28 8080568 31098 418448 21173',
  ' 254       1 vda1 100 0 800 10 5 0 40 2 0 12 12 0 0 0 0 0 0',
].join('\n')
const AFTER = [
  '   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0',
  ' 254       0 vda 82525 8698 4008098 996042 1332082 109163 21490720 306229 0 222292 1354672 124123 28 8086512 31209 418948 21190',
].join('\n')

describe('parseDiskstats', () => {
  it("reads the device's writes, flushes, discards and busy time by name", () => {
    expect(parseDiskstats(BEFORE, 'vda')).toEqual({
      writes: 1330581,
      writeMs: 306173,
      busyMs: 222104,
      discards: 123876,
      discardMs: 31098,
      flushes: 418448,
      flushMs: 21173,
    })
    expect(parseDiskstats(BEFORE, 'vda1')?.writes).toBe(5)
    expect(parseDiskstats(BEFORE, 'sda')).toBeUndefined()
  })
})

describe('diskWindow', () => {
  it('gives the differences and the mean time of a write, a flush and a discard', () => {
    const before = parseDiskstats(BEFORE, 'vda')
    const after = parseDiskstats(AFTER, 'vda')
    if (!before || !after) throw new Error('no vda line')
    expect(diskWindow('vda', before, after, 2)).toEqual({
      device: 'vda',
      seconds: 2,
      writes: 1501,
      meanWriteMs: 0.037,
      flushes: 500,
      meanFlushMs: 0.034,
      discards: 247,
      meanDiscardMs: 0.449,
      busyShare: 0.094,
    })
  })

  it('has no mean without requests', () => {
    const c = {
      writes: 3,
      writeMs: 9,
      flushes: 1,
      flushMs: 4,
      discards: 0,
      discardMs: 0,
      busyMs: 100,
    }
    const w = diskWindow('vda', c, c, 0)
    expect(w.meanWriteMs).toBeNull()
    expect(w.meanFlushMs).toBeNull()
    expect(w.meanDiscardMs).toBeNull()
    expect(w.busyShare).toBe(0)
  })
})

describe('diskMeter', () => {
  it('reads the device before and after a window, timed by the clock it is given', () => {
    const texts = [BEFORE, BEFORE, AFTER]
    let clock = 1_000
    const meter = diskMeter(
      '/dev/vda',
      () => texts.shift(),
      () => clock,
    )
    if (!meter) throw new Error('no meter for /dev/vda')
    const stop = meter()
    clock += 10_000
    const w = stop()
    expect(w?.seconds).toBe(10)
    expect(w?.flushes).toBe(500)
  })

  it('is absent for a tmpfs, a device the kernel does not list, or no diskstats', () => {
    expect(diskMeter('tmpfs', () => BEFORE)).toBeUndefined()
    expect(diskMeter('/dev/sdz', () => BEFORE)).toBeUndefined()
    expect(diskMeter('/dev/vda', () => undefined)).toBeUndefined()
  })
})

describe('diskSection', () => {
  const disk = {
    device: 'vda',
    seconds: 10,
    writes: 9000,
    meanWriteMs: 0.05,
    flushes: 3000,
    meanFlushMs: 0.4,
    discards: 12,
    meanDiscardMs: 0.25,
    busyShare: 0.62,
  }
  const sale = (id: string, withDisk: boolean): ScenarioResult => ({
    id,
    title: id,
    successPerSecond: 150,
    figures: { seconds: 10 } as ScenarioResult['figures'],
    ...(withDisk ? { disk } : {}),
  })

  it('has a row per sale that read the disk, with its flushes per order', () => {
    const lines = diskSection([sale('ceiling', false), sale('sale-1', true)])
    expect(lines[0]).toBe("## Sales: the disk under the objects' files")
    expect(lines).toContain(
      '| sale-1 | 10 | 9000 | 0.050 | 3000 | 2.00 | 0.400 | 12 | 0.250 | 62.0% |',
    )
    expect(lines.filter((l) => l.startsWith('| ceiling'))).toEqual([])
  })

  it('is empty when no sale read it (storage on a tmpfs)', () => {
    expect(diskSection([sale('sale-1', false)])).toEqual([])
  })
})
