/**
 * @module InventoryItem: the one authority on a SKU's stock, its reservations and its ledger; or,
 * for a sharded hot SKU, on one slice of it (sharding.ts).
 */
import { DurableObject } from 'cloudflare:workers'
import { z } from 'zod'
import { AppError } from '#domain/errors'
import {
  commit,
  expire,
  ReservationId,
  ReserveRequest,
  release,
} from '#domain/inventory/reservations'
import { adjust, receive, type StockLevels } from '#domain/inventory/stock'
import { meterEnv, meterStorage } from '#objects/shared/ops-meter'
import { applyMigrations } from '../shared/migrations'
import { type Reply, reply } from '../shared/reply'
import { EXPIRY_GRACE_MS, type InventoryEnv, ItemCore } from './item-core'
import { loadLimit, returnHolds, saveLimit } from './purchase-limits'
import { type ReserveMode, type ReserveResult, reserveUnits } from './reserving'
import { INVENTORY_MIGRATIONS } from './schema'
import { dueReservations, type LedgerRow, loadReservation, readLedger } from './store'
import { loadSharding, type Sharding, unitsInTransit } from './transfer-store'
import { ShardTransfers } from './transfers'

export type { InventoryEnv, LedgerRow, ReserveMode, ReserveResult, Sharding }
export { EXPIRY_GRACE_MS }

/** Why an operator received or corrected stock, kept on the ledger line. */
const Reason = z.string().trim().min(1).max(200).optional()

/** The stock of one object of a SKU, with the units it sent that have not arrived yet. */
export interface ObjectLevels extends StockLevels {
  name: string
  inTransit: number
}

/**
 * One object per SKU, named by it (`getByName(sku)`). Every method runs its rules and its writes
 * in one synchronous SQLite transaction and never awaits inside it, so concurrent calls are
 * strictly serialised and a failed rule or CHECK leaves nothing behind. The state and the one
 * write path live in ItemCore (item-core.ts), the moves between shards in ShardTransfers
 * (transfers.ts); this class is the RPC surface and the stock commands.
 */
export class InventoryItem extends DurableObject<InventoryEnv> {
  private readonly core: ItemCore
  private readonly transfers: ShardTransfers

  constructor(ctx: DurableObjectState, env: InventoryEnv) {
    super(ctx, meterEnv(env))
    meterStorage(ctx, env, 'InventoryItem', this)
    this.core = new ItemCore(ctx, () => this.env)
    this.transfers = new ShardTransfers(this.core)
    ctx.blockConcurrencyWhile(async () => {
      applyMigrations(ctx.storage, INVENTORY_MIGRATIONS)
      await this.core.load()
    })
  }

  /** Adds received units; `reason` (at most 200 characters) is kept on the ledger line. */
  receive(quantity: number, reason?: string): Promise<Reply<StockLevels>> {
    return reply(() => {
      this.core.requireRoot('receive')
      const why = parse(Reason, reason)
      return this.core.apply((stock) => receive(stock, quantity), why)
    })
  }

  /**
   * Applies a signed correction; refused (`insufficient_stock`) below zero available. A sharded
   * SKU's root first gathers its shards' unreserved units when its pool is short.
   */
  adjust(delta: number, reason?: string): Promise<Reply<StockLevels>> {
    return reply(async () => {
      this.core.requireRoot('adjust')
      const why = parse(Reason, reason)
      if (delta < 0 && this.snapshot().available < -delta) await this.transfers.gather()
      return this.core.apply((stock) => adjust(stock, delta), why)
    })
  }

  /**
   * Holds units for a reservation id; idempotent per id; a shortfall is an answer, not an error.
   * A shard short of units first pulls a slice of the root's pool; a sharded root redirects
   * `direct` requests to its shards (ReserveMode).
   */
  reserve(request: ReserveRequest, mode: ReserveMode = 'direct'): Promise<Reply<ReserveResult>> {
    return reply(() =>
      reserveUnits(this.core, this.transfers, parse(ReserveRequest, request), mode),
    )
  }

  /** Turns a reservation into a sale; idempotent. */
  commit(reservationId: string): Promise<Reply<StockLevels>> {
    return reply(() => {
      const id = parse(ReservationId, reservationId)
      return this.core.apply((stock) => commit(stock, loadReservation(this.core.sql, id), id))
    })
  }

  /** Gives a reservation's units back; idempotent, and safe for ids never reserved. */
  release(reservationId: string): Promise<Reply<StockLevels>> {
    return reply(() => {
      const id = parse(ReservationId, reservationId)
      return this.core.apply(
        (stock) => release(stock, loadReservation(this.core.sql, id), id),
        undefined,
        () => returnHolds(this.core.sql, [id]),
      )
    })
  }

  /** The current totals. */
  snapshot(): StockLevels {
    return this.core.snapshot()
  }

  /** The totals with this object's name, the units it sent that have not arrived yet, and (root) the split. */
  objectLevels(): ObjectLevels & { sharding: Sharding } {
    return {
      ...this.snapshot(),
      name: this.core.name,
      inTransit: unitsInTransit(this.core.sql),
      sharding: this.sharding(),
    }
  }

  /** How the SKU is split (root only; a shard answers for itself: no shards). */
  sharding(): Sharding {
    return this.core.shard === 0 ? loadSharding(this.core.sql) : { shards: 0, span: 0 }
  }

  /**
   * Root: lets `shards` objects sell the SKU (0 stops sharding). Shards beyond the new count
   * give their unreserved units back at once; those they still hold for orders are committed or
   * released there, and whatever such releases free is gathered back by the next correction or
   * large order, or sold by the fallback probes meanwhile.
   */
  configureShards(shards: number): Promise<Reply<Sharding>> {
    return reply(() => {
      if (shards !== 0 && loadLimit(this.core.sql) !== null)
        throw new AppError(
          'conflict',
          'a SKU with a purchase limit is not sharded: every sale must reach the object that counts',
        )
      return this.transfers.configure(shards)
    })
  }

  /** Root: the most units one customer may hold and buy, or null for no limit. */
  purchaseLimit(): number | null {
    return loadLimit(this.core.sql)
  }

  /**
   * Root: sets the per-customer limit (null removes it). Refused (`conflict`) while the SKU is
   * sharded, since shards sell without asking the root.
   */
  setPurchaseLimit(perCustomer: number | null): Promise<Reply<number | null>> {
    return reply(() => {
      this.core.requireRoot('setPurchaseLimit')
      if (perCustomer !== null && loadSharding(this.core.sql).shards > 0)
        throw new AppError('conflict', 'stop sharding this SKU before giving it a purchase limit')
      this.core.transaction(() => saveLimit(this.core.sql, perCustomer))
      return loadLimit(this.core.sql)
    })
  }

  /**
   * Root: hands shard `shard` a slice of the pool under `transferId`. Idempotent: a repeated id
   * answers what the first call moved. A retired shard (beyond the count) gets nothing.
   */
  allot(
    transferId: string,
    shard: number,
    want: number,
  ): Promise<Reply<{ quantity: number } & Sharding>> {
    return reply(() => this.transfers.allot(transferId, shard, want))
  }

  /** Root: takes back units a shard sent under `transferId`; idempotent per id. */
  takeBack(transferId: string, shard: number, quantity: number): Promise<Reply<StockLevels>> {
    return reply(() => this.transfers.takeBack(transferId, shard, quantity))
  }

  /** Shard: sends every unreserved unit back to the root; answers how many it sent. */
  drain(): Promise<Reply<number>> {
    return reply(() => this.transfers.drain())
  }

  /** The latest `limit` ledger lines (clamped to 1..10000), oldest first. */
  ledger(limit = 100): LedgerRow[] {
    const n = Math.min(10_000, Math.max(1, Math.floor(Number(limit) || 1)))
    return readLedger(this.core.sql, this.core.sku, n)
  }

  /** Root: a shard's hint changed, so the SKU's total hint is written again (in the background). */
  refreshHint(): void {
    this.core.refreshHint()
  }

  /**
   * The safety net: expires reservations overdue by more than the grace period; a shard also
   * retries the transfers whose calls failed.
   */
  override async alarm(): Promise<void> {
    this.core.alarmStarted()
    const cutoff = Date.now() - EXPIRY_GRACE_MS
    const due = dueReservations(this.core.sql, cutoff)
    await this.core.apply(
      (stock) => expire(stock, due, cutoff),
      undefined,
      () =>
        returnHolds(
          this.core.sql,
          due.map((r) => r.id),
        ),
    )
    // Every pending transfer, not only those due: one alarm serves them all.
    await this.transfers.retryPending()
    await this.core.schedule()
  }
}

/** Checks an RPC argument; callers are other Workers, so a bad one is a refusal, not a crash. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new AppError('validation_failed', parsed.error.message)
  return parsed.data
}
