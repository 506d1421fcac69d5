/** @module Moves of units between a sharded SKU's root and its shards, each under an idempotent id. */
import { AppError } from '#domain/errors'
import {
  levels,
  type StockLevels,
  transferIn,
  transferOut,
  unchanged,
} from '#domain/inventory/stock'
import { unwrap } from '../shared/reply'
import type { ItemCore } from './item-core'
import { MAX_SHARDS, sliceFor } from './sharding'
import {
  loadSharding,
  loadTransfer,
  pendingTransfers,
  type Sharding,
  saveSharding,
  saveTransfer,
  type Transfer,
} from './transfer-store'

/** How long a shard waits before retrying a transfer whose call failed, doubling up to a minute. */
const TRANSFER_RETRY_MS = 1_000

/**
 * The shard side (refill, drain, retries) and the root side (allot, take back, gather, configure)
 * of the transfers. A transfer is recorded in the same transaction that moves its units, so a
 * repeat under the same id is answered from the record and never moves units twice.
 */
export class ShardTransfers {
  private refilling: Promise<void> | null = null
  private gathering: Promise<void> | null = null

  constructor(private readonly core: ItemCore) {}

  /** Root: sets the shard count, giving back the units of shards beyond it. */
  async configure(shards: number): Promise<Sharding> {
    const { core } = this
    core.requireRoot('configureShards')
    if (!Number.isInteger(shards) || shards < 0 || shards > MAX_SHARDS)
      throw new AppError('validation_failed', `shards must be an integer 0..${MAX_SHARDS}`)
    const before = loadSharding(core.sql)
    const next = { shards, span: Math.max(before.span, shards) }
    core.transaction(() => saveSharding(core.sql, next))
    if (shards < before.shards) await this.gather(shards + 1)
    core.refreshHint()
    return next
  }

  /** Root: hands shard `shard` a slice of the pool under `transferId`; see InventoryItem.allot. */
  async allot(
    transferId: string,
    shard: number,
    want: number,
  ): Promise<{ quantity: number } & Sharding> {
    const { core } = this
    core.requireRoot('allot')
    const sharding = loadSharding(core.sql)
    const seen = loadTransfer(core.sql, transferId)
    if (seen) return { quantity: seen.quantity ?? 0, ...sharding }
    if (!Number.isInteger(shard) || shard < 1 || shard > sharding.shards)
      return { quantity: 0, ...sharding }
    let quantity = 0
    await core.apply(
      (stock) => {
        quantity = sliceFor(want, levels(stock).available, sharding.shards)
        return quantity > 0 ? transferOut(stock, quantity) : unchanged(stock)
      },
      `to shard ${shard}`,
      () => {
        if (quantity > 0)
          saveTransfer(core.sql, done(transferId, 'out', core.peer(shard), quantity), Date.now())
      },
    )
    return { quantity, ...sharding }
  }

  /** Root: takes back units a shard sent under `transferId`; idempotent per id. */
  takeBack(transferId: string, shard: number, quantity: number): Promise<StockLevels> {
    const { core } = this
    core.requireRoot('takeBack')
    if (loadTransfer(core.sql, transferId)) return Promise.resolve(core.snapshot())
    return core.apply(
      (stock) => transferIn(stock, quantity),
      `from shard ${shard}`,
      () => saveTransfer(core.sql, done(transferId, 'in', core.peer(shard), quantity), Date.now()),
    )
  }

  /** Shard: sends every unreserved unit back to the root; answers how many it sent. */
  async drain(): Promise<number> {
    const { core } = this
    if (core.shard === 0) throw new AppError('validation_failed', 'the root does not drain')
    const id = crypto.randomUUID()
    let quantity = 0
    await core.apply(
      (stock) => {
        quantity = levels(stock).available
        return quantity > 0 ? transferOut(stock, quantity) : unchanged(stock)
      },
      'back to the root',
      () => {
        if (quantity > 0)
          this.savePending({ id, direction: 'out', peer: core.sku, quantity, attempts: 0 })
      },
    )
    if (quantity > 0) await this.complete(loadTransfer(core.sql, id) as Transfer, 1)
    return quantity
  }

  /** Shard: retries every pending transfer (from the alarm: one alarm serves them all). */
  async retryPending(): Promise<void> {
    for (const t of pendingTransfers(this.core.sql)) await this.complete(t, 1)
  }

  /**
   * Shard: pulls a slice of the root's pool, once at a time; callers that find a pull running
   * wait for it and then look again. A pull whose call fails stays pending and is retried.
   */
  async refill(want: number): Promise<void> {
    const { core } = this
    if (!this.refilling) {
      this.refilling = (async () => {
        for (const t of pendingTransfers(core.sql))
          if (t.direction === 'in') await this.complete(t, want)
        const id = crypto.randomUUID()
        core.transaction(() =>
          this.savePending({ id, direction: 'in', peer: core.sku, quantity: null, attempts: 0 }),
        )
        await this.complete(loadTransfer(core.sql, id) as Transfer, want)
      })().finally(() => {
        this.refilling = null
      })
    }
    await this.refilling
  }

  /** Root: asks shards `from`… to give back their unreserved units; one gathering at a time. */
  async gather(from = 1): Promise<void> {
    const { core } = this
    if (!this.gathering) {
      this.gathering = (async () => {
        const { span } = loadSharding(core.sql)
        const shards = Array.from({ length: Math.max(0, span - from + 1) }, (_, i) => from + i)
        const drained = await Promise.allSettled(
          shards.map(async (i) =>
            unwrap(await core.env().INVENTORY_ITEM.getByName(core.peer(i)).drain()),
          ),
        )
        for (const d of drained)
          if (d.status === 'rejected') core.log.warn('shard did not drain', { error: d.reason })
      })().finally(() => {
        this.gathering = null
      })
    }
    await this.gathering
  }

  /** Records a pending transfer to retry after a delay that doubles with each attempt. */
  savePending(t: Omit<Transfer, 'state'>): void {
    const delay = Math.min(60_000, TRANSFER_RETRY_MS * 2 ** t.attempts)
    saveTransfer(this.core.sql, { ...t, state: 'pending' }, Date.now(), Date.now() + delay)
  }

  /**
   * Shard: finishes a transfer with the root under its id, which makes a repeat harmless. An
   * incoming one lands its units here; an outgoing one (already taken off) is confirmed. A failed
   * call leaves it pending, retried from the alarm with a growing delay.
   */
  private async complete(t: Transfer, want: number): Promise<void> {
    const { core } = this
    const root = core.env().INVENTORY_ITEM.getByName(core.sku)
    try {
      if (t.direction === 'in') {
        const { quantity } = unwrap(await root.allot(t.id, core.shard, want))
        await core.apply(
          (stock) => {
            const now = loadTransfer(core.sql, t.id)
            return now?.state === 'pending' && quantity > 0
              ? transferIn(stock, quantity)
              : unchanged(stock)
          },
          'from the root',
          () => {
            if (loadTransfer(core.sql, t.id)?.state === 'pending')
              saveTransfer(core.sql, { ...t, quantity, state: 'done' }, Date.now())
          },
        )
      } else {
        unwrap(await root.takeBack(t.id, core.shard, t.quantity ?? 0))
        core.transaction(() => saveTransfer(core.sql, { ...t, state: 'done' }, Date.now()))
      }
    } catch (err) {
      const attempts = t.attempts + 1
      core.log.warn('stock transfer not finished; retried by the alarm', {
        transfer: t.id,
        direction: t.direction,
        attempts,
        error: err,
      })
      core.transaction(() => this.savePending({ ...t, attempts }))
      await core.schedule()
    }
  }
}

/** A finished transfer record. */
function done(id: string, direction: 'in' | 'out', peer: string, quantity: number): Transfer {
  return { id, direction, peer, quantity, state: 'done', attempts: 0 }
}
