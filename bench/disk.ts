/**
 * @module What the disk under the objects' files did during each sale's load: its writes and
 * cache flushes (each fsync that reaches the device is one) and how long they took, read from
 * `/proc/diskstats` before and after, so measuring adds no I/O of its own. workerd runs every
 * commit's fsync on its one thread, so a disk whose flushes slow down or stall slows every sale
 * with it (docs/performance.md, "A disk that stalls"). The counters are the whole device's: the
 * bench's bridges, MariaDB and anything else writing to it count too.
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { ScenarioResult } from './scenarios/reads'

/** Cumulative counters of one device (`/proc/diskstats`, kernel 5.5 or later for flushes). */
export interface DiskCounters {
  writes: number
  writeMs: number
  flushes: number
  flushMs: number
  discards: number
  discardMs: number
  /** Milliseconds the device had I/O in flight. */
  busyMs: number
}

/** One window's differences, as the results report them. */
export interface DiskWindow {
  device: string
  seconds: number
  writes: number
  /** Mean time of a write request, ms; null without writes. */
  meanWriteMs: number | null
  flushes: number
  /** Mean time of a cache flush, ms; null without flushes. */
  meanFlushMs: number | null
  /**
   * Discard requests: on a file system mounted with online discard, deleting a file trims its
   * blocks, and ext4 without a journal waits for that before `unlink` returns.
   */
  discards: number
  /** Mean time of a discard, ms; null without discards. */
  meanDiscardMs: number | null
  /** Share of the window the device had I/O in flight (0–1). */
  busyShare: number
}

/** `device`'s counters from the text of /proc/diskstats, or undefined when it has no line. */
export function parseDiskstats(text: string, device: string): DiskCounters | undefined {
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/)
    if (fields[2] !== device) continue
    const n = (i: number) => Number(fields[3 + i] ?? 0)
    // After major, minor and name: reads (0–3), writes (4–7), in flight (8), busy ms (9),
    // weighted ms (10), discards (11–14), flushes (15–16).
    return {
      writes: n(4),
      writeMs: n(7),
      busyMs: n(9),
      discards: n(11),
      discardMs: n(14),
      flushes: n(15),
      flushMs: n(16),
    }
  }
  return undefined
}

/** The differences between two readings `seconds` apart. */
export function diskWindow(
  device: string,
  before: DiskCounters,
  after: DiskCounters,
  seconds: number,
): DiskWindow {
  const writes = after.writes - before.writes
  const flushes = after.flushes - before.flushes
  const discards = after.discards - before.discards
  const mean = (ms: number, count: number) =>
    count > 0 ? Math.round((ms / count) * 1000) / 1000 : null
  return {
    device,
    seconds: Math.round(seconds * 10) / 10,
    writes,
    meanWriteMs: mean(after.writeMs - before.writeMs, writes),
    flushes,
    meanFlushMs: mean(after.flushMs - before.flushMs, flushes),
    discards,
    meanDiscardMs: mean(after.discardMs - before.discardMs, discards),
    busyShare:
      seconds > 0
        ? Math.round(((after.busyMs - before.busyMs) / (seconds * 1000)) * 1000) / 1000
        : 0,
  }
}

/** Starts a window; calling what it returns ends it. */
export type DiskMeter = () => () => DiskWindow | undefined

/**
 * A meter of the block device `source` (`/dev/vda`) as `bench/storage.ts` found it, or undefined
 * where there is none to read (a tmpfs, an unknown source, no /proc/diskstats).
 */
export function diskMeter(
  source: string,
  read: () => string | undefined = () => {
    try {
      return readFileSync('/proc/diskstats', 'utf8')
    } catch {
      return undefined
    }
  },
  now: () => number = () => performance.now(),
): DiskMeter | undefined {
  if (!source.startsWith('/dev/')) return undefined
  const device = basename(source)
  const counters = () => {
    const text = read()
    return text === undefined ? undefined : parseDiskstats(text, device)
  }
  if (!counters()) return undefined
  return () => {
    const before = counters()
    const started = now()
    return () => {
      const after = counters()
      if (!before || !after) return undefined
      return diskWindow(device, before, after, (now() - started) / 1000)
    }
  }
}

/**
 * results.md's section on the disk during each sale that read it (none without a device): the
 * window's writes and flushes, flushes per successful order, and their mean times.
 */
export function diskSection(scenarios: ScenarioResult[]): string[] {
  const metered = scenarios.filter((s) => s.disk)
  if (metered.length === 0) return []
  const cell = (n: number | null | undefined, digits: number) =>
    n == null ? '—' : n.toFixed(digits)
  return [
    "## Sales: the disk under the objects' files",
    '',
    `What the device (${metered[0]?.disk?.device}) did during each sale's load, from \`/proc/diskstats\` read before and after (bench/disk.ts). Every commit of an object fsyncs its WAL on workerd's one thread, and each fsync that reaches the device is one cache flush, so slow or stalled flushes slow the sale with them. Each object that closes deletes its WAL and shared-memory files; where the file system is mounted with online discard (the first paragraph says), each deletion waits for the device to discard the file's blocks, on the same thread. The counters are the whole device's, the bench's other processes included.`,
    '',
    '| sale | seconds | writes | mean write ms | flushes | flushes per order | mean flush ms | discards | mean discard ms | device busy |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...metered.map((s) => {
      const d = s.disk as DiskWindow
      const orders = (s.successPerSecond ?? 0) * (s.figures?.seconds ?? 0)
      const perOrder = orders > 0 ? d.flushes / orders : null
      return `| ${s.id} | ${d.seconds} | ${d.writes} | ${cell(d.meanWriteMs, 3)} | ${d.flushes} | ${cell(perOrder, 2)} | ${cell(d.meanFlushMs, 3)} | ${d.discards} | ${cell(d.meanDiscardMs, 3)} | ${cell(d.busyShare * 100, 1)}% |`
    }),
    '',
  ]
}
