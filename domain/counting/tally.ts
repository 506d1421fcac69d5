/**
 * @module Counts added up in memory and written as one increment per key per interval: the
 * views, cache outcomes and trending queries of one isolate, so counting scales with time.
 */
import type { CounterOp } from '../ports/counters'

/** Keys one flush writes at most: one pipelined call or one call per counters object. */
export const MAX_KEYS_PER_FLUSH = 100

/** What an isolate's tally has done since it started: the loss bound made visible. */
export interface TallyStats {
  /** Counts added (each view, read outcome or query counted once). */
  added: number
  /** Flushes taken, and the key writes they carried. */
  flushes: number
  keysWritten: number
  /** Counts refused because a flush was already full (cannot happen while every add flushes when due). */
  dropped: number
}

const entryKey = (op: CounterOp) =>
  op.kind === 'zincr' ? `z\n${op.key}\n${op.member}` : `i\n${op.key}`

/**
 * Sums increments per key until a flush takes them. A flush is due one interval after the last
 * one, or as soon as MAX_KEYS_PER_FLUSH keys wait; the caller checks `take` after every `add`,
 * so what waits in memory never spans more than one interval and never exceeds the cap.
 */
export class CountTally {
  private pending = new Map<string, CounterOp>()
  private lastFlush: number
  readonly stats: TallyStats = { added: 0, flushes: 0, keysWritten: 0, dropped: 0 }

  constructor(
    now: number,
    private readonly maxKeys = MAX_KEYS_PER_FLUSH,
  ) {
    // The first interval starts with the isolate, so a fresh isolate does not write at once.
    this.lastFlush = now
  }

  /** Adds one increment; false when it was refused because the pending flush is full. */
  add(op: CounterOp): boolean {
    const id = entryKey(op)
    const seen = this.pending.get(id)
    if (seen) {
      seen.by += op.by
    } else {
      if (this.pending.size >= this.maxKeys) {
        this.stats.dropped += op.by
        return false
      }
      this.pending.set(id, { ...op })
    }
    this.stats.added += op.by
    return true
  }

  /** Keys waiting for a flush. */
  get size(): number {
    return this.pending.size
  }

  /**
   * The increments to write when a flush is due (`intervalMs` since the last flush, or the cap
   * reached), emptying the tally; null when nothing is due. Synchronous, so two requests of one
   * isolate can never take the same counts.
   */
  take(now: number, intervalMs: number): CounterOp[] | null {
    if (this.pending.size === 0) return null
    if (now - this.lastFlush < intervalMs && this.pending.size < this.maxKeys) return null
    const ops = [...this.pending.values()]
    this.pending = new Map()
    this.lastFlush = now
    this.stats.flushes++
    this.stats.keysWritten += ops.length
    return ops
  }
}
