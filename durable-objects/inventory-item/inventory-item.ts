/**
 * @module InventoryItem: the one authority on a SKU's stock, its reservations and its ledger; or,
 * for a sharded hot SKU, on one slice of it (sharding.ts).
 */
import { DurableObject } from 'cloudflare:workers'
import { z } from 'zod'
import { stockHintKey } from '#domain/catalog/search-document'
import { AppError } from '#domain/errors'
import { availabilityChanged } from '#domain/inventory/events'
import {
  commit,
  expire,
  ReservationId,
  ReserveRequest,
  release,
  reserve,
} from '#domain/inventory/reservations'
import {
  adjust,
  levels,
  type Reservation,
  receive,
  type Stock,
  type StockChange,
  type StockLevels,
  transferIn,
  transferOut,
  unchanged,
} from '#domain/inventory/stock'
import type { CountersPort } from '#domain/ports/counters'
import { meterEnv, meterStorage } from '#objects/shared/ops-meter'
import { type Reply, reply, unwrap } from './reply'
import { MAX_SHARDS, parseName, shardName, sliceFor } from './sharding'
import { countersFor, StockHint, type StockHintEnv } from './stock-hint'
import {
  dueReservations,
  type LedgerRow,
  loadReservation,
  loadSharding,
  loadStock,
  loadTransfer,
  migrate,
  nextExpiry,
  nextTransferRetry,
  pendingTransfers,
  readLedger,
  type Sharding,
  saveSharding,
  saveTransfer,
  type Transfer,
  unitsInTransit,
  write,
} from './store'

/**
 * How long after its expiry the object itself expires a reservation. The order's own alarm is the
 * primary path and orders refuse payment at expiry, so this grace keeps the safety net from
 * racing a payment that is committing at the last moment.
 */
export const EXPIRY_GRACE_MS = 60_000

/** Why an operator received or corrected stock, kept on the ledger line. */
const Reason = z.string().trim().min(1).max(200).optional()

/** How long a shard waits before retrying a transfer whose call failed, doubling up to a minute. */
const TRANSFER_RETRY_MS = 1_000

/**
 * The answer to a reservation request: held (or already held), or the shortfall. The root of a
 * sharded SKU answers a direct request with `sharding` instead, naming the shards to ask.
 */
export type ReserveResult =
  | { reserved: true; reservation: Reservation; available: number }
  | { reserved: false; requested: number; available: number; sharding?: Sharding }

/**
 * `direct`: the caller believes the SKU unsharded (the root redirects it if not). `last-resort`:
 * every shard was short; the root sells from its pool, gathering the shards' units for an order
 * of more than one unit that no single shard could hold.
 */
export type ReserveMode = 'direct' | 'last-resort'

/** The stock of one object of a SKU, with the units it sent that have not arrived yet. */
export interface ObjectLevels extends StockLevels {
  name: string
  inTransit: number
}

/**
 * One object per SKU, named by it (`getByName(sku)`). Every method runs its rules and its writes
 * in one synchronous SQLite transaction and never awaits inside it, so concurrent calls are
 * strictly serialised and a failed rule or CHECK leaves nothing behind.
 */
export class InventoryItem extends DurableObject<InventoryEnv> {
  private readonly sql: SqlStorage
  private readonly name: string
  private readonly sku: string
  /** 0 for the SKU's own object (the root), else this shard's number. */
  private readonly shard: number
  private alarmAt: number | null = null
  private readonly hint: StockHint
  // Not readonly: tests point it at an unreachable Redis to show checkout does not depend on it.
  private counters: () => CountersPort
  private refilling: Promise<void> | null = null
  /** Whether the SKU had stock at the last hint this root wrote; unknown after a restart. */
  private inStock: boolean | undefined
  private gathering: Promise<void> | null = null

  constructor(ctx: DurableObjectState, env: InventoryEnv) {
    super(ctx, meterEnv(env))
    meterStorage(ctx, env, 'InventoryItem', this)
    const name = ctx.id.name
    if (!name) throw new Error('InventoryItem objects are addressed by SKU name (getByName)')
    this.name = name
    ;({ sku: this.sku, shard: this.shard } = parseName(name))
    this.sql = ctx.storage.sql
    // Built on first use, so an object that never changes stock never builds a client.
    let client: CountersPort | undefined
    this.counters = () => {
      client ??= countersFor(this.env)
      return client
    }
    this.hint = new StockHint(stockHintKey(name), () => this.publishHint())
    ctx.blockConcurrencyWhile(async () => {
      migrate(this.sql)
      this.alarmAt = await ctx.storage.getAlarm()
    })
  }

  /** Adds received units; `reason` (at most 200 characters) is kept on the ledger line. */
  receive(quantity: number, reason?: string): Promise<Reply<StockLevels>> {
    return reply(() => {
      this.requireRoot('receive')
      const why = parse(Reason, reason)
      return this.apply((stock) => receive(stock, quantity), why)
    })
  }

  /**
   * Applies a signed correction; refused (`insufficient_stock`) below zero available. A sharded
   * SKU's root first gathers its shards' unreserved units when its pool is short.
   */
  adjust(delta: number, reason?: string): Promise<Reply<StockLevels>> {
    return reply(async () => {
      this.requireRoot('adjust')
      const why = parse(Reason, reason)
      if (delta < 0 && this.snapshot().available < -delta) await this.gather()
      return this.apply((stock) => adjust(stock, delta), why)
    })
  }

  /**
   * Holds units for a reservation id; idempotent per id; a shortfall is an answer, not an error.
   * A shard short of units first pulls a slice of the root's pool; a sharded root redirects
   * `direct` requests to its shards (ReserveMode).
   */
  reserve(request: ReserveRequest, mode: ReserveMode = 'direct'): Promise<Reply<ReserveResult>> {
    return reply(async () => {
      request = parse(ReserveRequest, request)
      const known = loadReservation(this.sql, request.reservationId) !== undefined
      const short = () => this.snapshot().available < request.quantity
      if (!known && this.shard > 0 && short()) await this.refill(request.quantity)
      if (!known && this.shard === 0) {
        const { shards, span } = loadSharding(this.sql)
        if (shards > 0 && mode === 'direct')
          return {
            reserved: false,
            requested: request.quantity,
            available: 0,
            sharding: { shards, span },
          }
        // Units may sit in shards no longer probed (sharding stopped), or be split too finely
        // for an order of several: gather them first rather than refuse a sale the SKU can make.
        const gatherFirst = shards === 0 || (mode === 'last-resort' && request.quantity > 1)
        if (span > 0 && gatherFirst && short()) await this.gather()
      }
      let result: ReserveResult | undefined
      await this.apply((stock) => {
        const outcome = reserve(stock, loadReservation(this.sql, request.reservationId), request)
        if (!outcome.ok) {
          result = { reserved: false, requested: outcome.requested, available: outcome.available }
          return { stock, reservations: [], entries: [] }
        }
        result = {
          reserved: true,
          reservation: outcome.reservation,
          available: levels(outcome.change.stock).available,
        }
        return outcome.change
      })
      return result as ReserveResult
    })
  }

  /** Turns a reservation into a sale; idempotent. */
  commit(reservationId: string): Promise<Reply<StockLevels>> {
    return reply(() => {
      const id = parse(ReservationId, reservationId)
      return this.apply((stock) => commit(stock, loadReservation(this.sql, id), id))
    })
  }

  /** Gives a reservation's units back; idempotent, and safe for ids never reserved. */
  release(reservationId: string): Promise<Reply<StockLevels>> {
    return reply(() => {
      const id = parse(ReservationId, reservationId)
      return this.apply((stock) => release(stock, loadReservation(this.sql, id), id))
    })
  }

  /** The current totals. */
  snapshot(): StockLevels {
    return levels(loadStock(this.sql, this.sku))
  }

  /** The totals with this object's name, the units it sent that have not arrived yet, and (root) the split. */
  objectLevels(): ObjectLevels & { sharding: Sharding } {
    return {
      ...this.snapshot(),
      name: this.name,
      inTransit: unitsInTransit(this.sql),
      sharding: this.sharding(),
    }
  }

  /** How the SKU is split (root only; a shard answers for itself: no shards). */
  sharding(): Sharding {
    return this.shard === 0 ? loadSharding(this.sql) : { shards: 0, span: 0 }
  }

  /**
   * Root: lets `shards` objects sell the SKU (0 stops sharding). Shards beyond the new count
   * give their unreserved units back at once; those they still hold for orders are committed or
   * released there, and whatever such releases free is gathered back by the next correction or
   * large order, or sold by the fallback probes meanwhile.
   */
  configureShards(shards: number): Promise<Reply<Sharding>> {
    return reply(async () => {
      this.requireRoot('configureShards')
      if (!Number.isInteger(shards) || shards < 0 || shards > MAX_SHARDS)
        throw new AppError('validation_failed', `shards must be an integer 0..${MAX_SHARDS}`)
      const before = loadSharding(this.sql)
      const next = { shards, span: Math.max(before.span, shards) }
      this.ctx.storage.transactionSync(() => saveSharding(this.sql, next))
      if (shards < before.shards) await this.gather(shards + 1)
      this.refreshHint()
      return next
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
    return reply(async () => {
      this.requireRoot('allot')
      const sharding = loadSharding(this.sql)
      const seen = loadTransfer(this.sql, transferId)
      if (seen) return { quantity: seen.quantity ?? 0, ...sharding }
      if (!Number.isInteger(shard) || shard < 1 || shard > sharding.shards)
        return { quantity: 0, ...sharding }
      let quantity = 0
      await this.apply(
        (stock) => {
          quantity = sliceFor(want, levels(stock).available, sharding.shards)
          return quantity > 0 ? transferOut(stock, quantity) : unchanged(stock)
        },
        `to shard ${shard}`,
        () => {
          if (quantity > 0)
            saveTransfer(this.sql, done(transferId, 'out', this.peer(shard), quantity), Date.now())
        },
      )
      return { quantity, ...sharding }
    })
  }

  /** Root: takes back units a shard sent under `transferId`; idempotent per id. */
  takeBack(transferId: string, shard: number, quantity: number): Promise<Reply<StockLevels>> {
    return reply(() => {
      this.requireRoot('takeBack')
      if (loadTransfer(this.sql, transferId)) return this.snapshot()
      return this.apply(
        (stock) => transferIn(stock, quantity),
        `from shard ${shard}`,
        () =>
          saveTransfer(this.sql, done(transferId, 'in', this.peer(shard), quantity), Date.now()),
      )
    })
  }

  /** Shard: sends every unreserved unit back to the root; answers how many it sent. */
  drain(): Promise<Reply<number>> {
    return reply(async () => {
      if (this.shard === 0) throw new AppError('validation_failed', 'the root does not drain')
      const id = crypto.randomUUID()
      let quantity = 0
      await this.apply(
        (stock) => {
          quantity = levels(stock).available
          return quantity > 0 ? transferOut(stock, quantity) : unchanged(stock)
        },
        'back to the root',
        () => {
          if (quantity > 0)
            this.savePending({ id, direction: 'out', peer: this.sku, quantity, attempts: 0 })
        },
      )
      if (quantity > 0) await this.completeTransfer(loadTransfer(this.sql, id) as Transfer, 1)
      return quantity
    })
  }

  /** The latest `limit` ledger lines (clamped to 1..10000), oldest first. */
  ledger(limit = 100): LedgerRow[] {
    const n = Math.min(10_000, Math.max(1, Math.floor(Number(limit) || 1)))
    return readLedger(this.sql, this.sku, n)
  }

  /** Root: a shard's hint changed, so the SKU's total hint is written again (in the background). */
  refreshHint(): void {
    const publishing = this.hint.refresh()
    if (publishing) this.ctx.waitUntil(publishing)
  }

  /**
   * The safety net: expires reservations overdue by more than the grace period; a shard also
   * retries the transfers whose calls failed.
   */
  override async alarm(): Promise<void> {
    // A running alarm is no longer scheduled; the next one is set from what is still active.
    this.alarmAt = null
    const cutoff = Date.now() - EXPIRY_GRACE_MS
    await this.apply((stock) => expire(stock, dueReservations(this.sql, cutoff), cutoff))
    // Every pending transfer, not only those due: one alarm serves them all.
    for (const t of pendingTransfers(this.sql)) await this.completeTransfer(t, 1)
    await this.schedule()
  }

  /**
   * Loads, decides and writes in one transaction (with `also`, the caller's own rows), then keeps
   * the alarm in step and the stock hint fresh. The hint is written in the background: no sale
   * waits for it or fails with it.
   */
  private async apply(
    decide: (stock: Stock) => StockChange,
    reason?: string,
    also?: () => void,
  ): Promise<StockLevels> {
    const now = Date.now()
    const { stock, changed } = this.ctx.storage.transactionSync(() => {
      const change = decide(loadStock(this.sql, this.sku))
      if (change.entries.length > 0 || change.reservations.length > 0)
        write(this.sql, change, now, reason ?? null)
      also?.()
      return { stock: change.stock, changed: change.entries.length > 0 }
    })
    if (changed) this.refreshHint()
    await this.schedule()
    return levels(stock)
  }

  /**
   * Shard: pulls a slice of the root's pool, once at a time; callers that find a pull running
   * wait for it and then look again. A pull whose call fails stays pending and is retried.
   */
  private async refill(want: number): Promise<void> {
    if (!this.refilling) {
      this.refilling = (async () => {
        for (const t of pendingTransfers(this.sql))
          if (t.direction === 'in') await this.completeTransfer(t, want)
        const id = crypto.randomUUID()
        this.ctx.storage.transactionSync(() =>
          this.savePending({ id, direction: 'in', peer: this.sku, quantity: null, attempts: 0 }),
        )
        await this.completeTransfer(loadTransfer(this.sql, id) as Transfer, want)
      })().finally(() => {
        this.refilling = null
      })
    }
    await this.refilling
  }

  /**
   * Shard: finishes a transfer with the root under its id, which makes a repeat harmless. An
   * incoming one lands its units here; an outgoing one (already taken off) is confirmed. A failed
   * call leaves it pending, retried from the alarm with a growing delay.
   */
  private async completeTransfer(t: Transfer, want: number): Promise<void> {
    const root = this.env.INVENTORY_ITEM.getByName(this.sku)
    try {
      if (t.direction === 'in') {
        const { quantity } = unwrap(await root.allot(t.id, this.shard, want))
        await this.apply(
          (stock) => {
            const now = loadTransfer(this.sql, t.id)
            return now?.state === 'pending' && quantity > 0
              ? transferIn(stock, quantity)
              : unchanged(stock)
          },
          'from the root',
          () => {
            if (loadTransfer(this.sql, t.id)?.state === 'pending')
              saveTransfer(this.sql, { ...t, quantity, state: 'done' }, Date.now())
          },
        )
      } else {
        unwrap(await root.takeBack(t.id, this.shard, t.quantity ?? 0))
        this.ctx.storage.transactionSync(() =>
          saveTransfer(this.sql, { ...t, state: 'done' }, Date.now()),
        )
      }
    } catch (err) {
      const attempts = t.attempts + 1
      console.warn(
        JSON.stringify({
          msg: 'stock transfer not finished; retried by the alarm',
          object: this.name,
          transfer: t.id,
          direction: t.direction,
          attempts,
          error: err instanceof Error ? err.message : String(err),
        }),
      )
      this.ctx.storage.transactionSync(() => this.savePending({ ...t, attempts }))
      await this.schedule()
    }
  }

  /** Root: asks shards `from`… to give back their unreserved units; one gathering at a time. */
  private async gather(from = 1): Promise<void> {
    if (!this.gathering) {
      this.gathering = (async () => {
        const { span } = loadSharding(this.sql)
        const shards = Array.from({ length: Math.max(0, span - from + 1) }, (_, i) => from + i)
        const drained = await Promise.allSettled(
          shards.map(async (i) =>
            unwrap(await this.env.INVENTORY_ITEM.getByName(this.peer(i)).drain()),
          ),
        )
        for (const d of drained)
          if (d.status === 'rejected')
            console.warn(
              JSON.stringify({
                msg: 'shard did not drain',
                sku: this.sku,
                error: String(d.reason),
              }),
            )
      })().finally(() => {
        this.gathering = null
      })
    }
    await this.gathering
  }

  /** Records a pending transfer to retry after a delay that doubles with each attempt. */
  private savePending(t: Omit<Transfer, 'state'>): void {
    const delay = Math.min(60_000, TRANSFER_RETRY_MS * 2 ** t.attempts)
    saveTransfer(this.sql, { ...t, state: 'pending' }, Date.now(), Date.now() + delay)
  }

  /**
   * Writes this object's stock hint. Unsharded, the root's available is the SKU's hint. Sharded,
   * each shard writes its own part and tells the root, which writes the SKU's hint as its pool
   * plus every part, so the one writer of the SKU's hint always sums what is stored last. When the
   * SKU runs out or comes back, the root also sends inventory.availability_changed; a failed send
   * is logged with the hint and sent at the next change (a reindex also corrects the flag).
   */
  private async publishHint(): Promise<void> {
    const counters = this.counters()
    const { available } = this.snapshot()
    if (this.shard > 0) {
      await counters.set(stockHintKey(this.name), available)
      await this.env.INVENTORY_ITEM.getByName(this.sku).refreshHint()
      return
    }
    const { span } = loadSharding(this.sql)
    const parts =
      span === 0
        ? []
        : await counters.getMany(
            Array.from({ length: span }, (_, i) => stockHintKey(this.peer(i + 1))),
          )
    const total = available + parts.reduce((sum, n) => sum + Math.max(0, n), 0)
    await counters.set(stockHintKey(this.sku), total)
    // Ran out or came back (or unknown since a restart): the search index's in-stock flag follows.
    if (this.inStock !== total > 0) {
      await this.env.EVENTS.send(
        availabilityChanged({ sku: this.sku, inStock: total > 0 }, crypto.randomUUID(), Date.now()),
        { contentType: 'json' },
      )
      this.inStock = total > 0
    }
  }

  private peer(shard: number): string {
    return shard === 0 ? this.sku : shardName(this.sku, shard)
  }

  private requireRoot(operation: string): void {
    if (this.shard !== 0)
      throw new AppError('validation_failed', `${operation} goes to the SKU's own object`)
  }

  /** One alarm serves both deadlines: reservation expiry and transfer retries. */
  private async schedule(): Promise<void> {
    const next = nextExpiry(this.sql)
    const retry = nextTransferRetry(this.sql)
    const times = [next === null ? null : next + EXPIRY_GRACE_MS, retry].filter(
      (t): t is number => t !== null,
    )
    const at = times.length === 0 ? null : Math.min(...times)
    if (at === this.alarmAt) return
    this.alarmAt = at
    // Alarm calls are applied in the order they are issued, so the latest decision wins.
    if (at === null) await this.ctx.storage.deleteAlarm()
    else await this.ctx.storage.setAlarm(at)
  }
}

export type { LedgerRow, Sharding }

/**
 * The bindings an InventoryItem uses: the counters store for its hint, its own namespace, and the
 * queue that tells search when the SKU runs out or comes back.
 */
export interface InventoryEnv extends StockHintEnv {
  INVENTORY_ITEM: DurableObjectNamespace<InventoryItem>
  EVENTS: Queue
}

/** A finished transfer record. */
function done(id: string, direction: 'in' | 'out', peer: string, quantity: number): Transfer {
  return { id, direction, peer, quantity, state: 'done', attempts: 0 }
}

/** Checks an RPC argument; callers are other Workers, so a bad one is a refusal, not a crash. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new AppError('validation_failed', parsed.error.message)
  return parsed.data
}
