/** @module Publishes a SKU's available stock to the counters store: a display hint, failing open. */
import type { Logger } from '#domain/log'
import type { CountersBindings } from '../shared/ports'

/** The bindings that choose the Counters adapter (durable-objects/shared/ports.ts). */
export type StockHintEnv = CountersBindings

/**
 * Keeps a hint at the latest value. At most one write is in flight; changes made meanwhile are
 * folded into one more write that reads the value when it is sent, so out-of-order writes can
 * never leave an old number behind. A failed write is logged and dropped: the hint is for display
 * only, and the next stock change writes it again.
 */
export class StockHint {
  private dirty = false
  private running: Promise<void> | null = null

  /** `write` reads the current value and stores it (under `key`, named in `log`'s lines). */
  constructor(
    private readonly key: string,
    private readonly write: () => Promise<void>,
    private readonly log: Logger,
  ) {}

  /** Marks the hint stale; returns the write to keep alive (waitUntil), or null if one is running. */
  refresh(): Promise<void> | null {
    this.dirty = true
    if (this.running) return null
    this.running = this.publish()
    return this.running
  }

  private async publish(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false
        await this.write()
      }
    } catch (err) {
      this.log.warn('stock hint not written; it is refreshed at the next change', {
        key: this.key,
        error: err,
      })
    } finally {
      // Cleared in the same turn the loop ends, so no refresh can slip in unseen.
      this.running = null
    }
  }
}
