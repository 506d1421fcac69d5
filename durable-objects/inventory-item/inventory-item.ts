/** @module InventoryItem: the one authority on a SKU's stock, its reservations and its ledger. */
import { DurableObject } from 'cloudflare:workers'
import { z } from 'zod'
import { stockHintKey } from '../../domain/catalog/search-document'
import { AppError } from '../../domain/errors'
import {
  commit,
  expire,
  ReservationId,
  ReserveRequest,
  release,
  reserve,
} from '../../domain/inventory/reservations'
import {
  adjust,
  levels,
  type Reservation,
  receive,
  type Stock,
  type StockChange,
  type StockLevels,
} from '../../domain/inventory/stock'
import type { CountersPort } from '../../domain/ports/counters'
import { type Reply, reply } from './reply'
import { countersFor, StockHint, type StockHintEnv } from './stock-hint'
import {
  dueReservations,
  type LedgerRow,
  loadReservation,
  loadStock,
  migrate,
  nextExpiry,
  readLedger,
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

/** The answer to a reservation request: held (or already held), or the shortfall. */
export type ReserveResult =
  | { reserved: true; reservation: Reservation; available: number }
  | { reserved: false; requested: number; available: number }

/**
 * One object per SKU, named by it (`getByName(sku)`). Every method runs its rules and its writes
 * in one synchronous SQLite transaction and never awaits inside it, so concurrent calls are
 * strictly serialised and a failed rule or CHECK leaves nothing behind.
 */
export class InventoryItem extends DurableObject<StockHintEnv> {
  private readonly sql: SqlStorage
  private readonly sku: string
  private alarmAt: number | null = null
  // Not readonly: tests point it at an unreachable Redis to show checkout does not depend on it.
  private hint: StockHint

  constructor(ctx: DurableObjectState, env: StockHintEnv) {
    super(ctx, env)
    const sku = ctx.id.name
    if (!sku) throw new Error('InventoryItem objects are addressed by SKU name (getByName)')
    this.sku = sku
    this.sql = ctx.storage.sql
    // Built on first use, so an object that never changes stock never builds a client.
    let counters: CountersPort | undefined
    this.hint = new StockHint(
      stockHintKey(sku),
      () => {
        counters ??= countersFor(this.env)
        return counters
      },
      () => levels(loadStock(this.sql, sku)).available,
    )
    ctx.blockConcurrencyWhile(async () => {
      migrate(this.sql)
      this.alarmAt = await ctx.storage.getAlarm()
    })
  }

  /** Adds received units; `reason` (at most 200 characters) is kept on the ledger line. */
  receive(quantity: number, reason?: string): Promise<Reply<StockLevels>> {
    return reply(() => {
      const why = parse(Reason, reason)
      return this.apply((stock) => receive(stock, quantity), why)
    })
  }

  /** Applies a signed correction; refused (`insufficient_stock`) below zero available. */
  adjust(delta: number, reason?: string): Promise<Reply<StockLevels>> {
    return reply(() => {
      const why = parse(Reason, reason)
      return this.apply((stock) => adjust(stock, delta), why)
    })
  }

  /** Holds units for a reservation id; idempotent per id; a shortfall is an answer, not an error. */
  reserve(request: ReserveRequest): Promise<Reply<ReserveResult>> {
    return reply(async () => {
      request = parse(ReserveRequest, request)
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

  /** The latest `limit` ledger lines (clamped to 1..10000), oldest first. */
  ledger(limit = 100): LedgerRow[] {
    const n = Math.min(10_000, Math.max(1, Math.floor(Number(limit) || 1)))
    return readLedger(this.sql, this.sku, n)
  }

  /** The safety net: expires reservations overdue by more than the grace period. */
  override async alarm(): Promise<void> {
    // A running alarm is no longer scheduled; the next one is set from what is still active.
    this.alarmAt = null
    const cutoff = Date.now() - EXPIRY_GRACE_MS
    await this.apply((stock) => expire(stock, dueReservations(this.sql, cutoff), cutoff))
  }

  /**
   * Loads, decides and writes in one transaction, then keeps the expiry alarm in step and the
   * stock hint fresh. The hint is written in the background: no sale waits for it or fails with it.
   */
  private async apply(
    decide: (stock: Stock) => StockChange,
    reason?: string,
  ): Promise<StockLevels> {
    const now = Date.now()
    const { stock, changed } = this.ctx.storage.transactionSync(() => {
      const change = decide(loadStock(this.sql, this.sku))
      if (change.entries.length > 0 || change.reservations.length > 0)
        write(this.sql, change, now, reason ?? null)
      return { stock: change.stock, changed: change.entries.length > 0 }
    })
    if (changed) {
      const publishing = this.hint.refresh()
      if (publishing) this.ctx.waitUntil(publishing)
    }
    await this.scheduleExpiry()
    return levels(stock)
  }

  private async scheduleExpiry(): Promise<void> {
    const next = nextExpiry(this.sql)
    const at = next === null ? null : next + EXPIRY_GRACE_MS
    if (at === this.alarmAt) return
    this.alarmAt = at
    // Alarm calls are applied in the order they are issued, so the latest decision wins.
    if (at === null) await this.ctx.storage.deleteAlarm()
    else await this.ctx.storage.setAlarm(at)
  }
}

export type { LedgerRow }

/** Checks an RPC argument; callers are other Workers, so a bad one is a refusal, not a crash. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new AppError('validation_failed', parsed.error.message)
  return parsed.data
}
