/**
 * @module The state a Shopper object works on and the changes of its orders: each change is
 * decided and written with its outbox row in one transaction; the side effects (stock, queue)
 * run after it, idempotent and rolled forward by the call itself or later by the alarm. One alarm
 * serves every deadline of every order the object holds.
 */
import { AppError } from '#domain/errors'
import { createLogger, type Logger } from '#domain/log'
import { type OrderEventType, orderEvent } from '#domain/orders/events'
import type { Order, OrderStatus, PricedLine } from '#domain/orders/order'
import { isOverdue, transition } from '#domain/orders/transitions'
import type { DiscountCode } from '../discount-code/discount-code'
import { Inventory } from '../inventory-item/adapter'
import type { InventoryItem } from '../inventory-item/inventory-item'
import { type CountersBindings, countersFor, type DatabaseBindings } from '../shared/ports'
import { StoreSettingsStore } from '../store-settings/adapter'
import type { StoreSettings } from '../store-settings/store-settings'
import { type ArchiveTimingEnv, archiveCheckMs, FINISHED, retentionMs } from './archive'
import { codesOf, settleCodes } from './discount-uses'
import { CheckoutIds } from './order-ids'
import { logChange } from './order-log'
import { loadOrder, type OrderRow, saveOrder } from './orders-table'
import { enqueue, Outbox, retryAt } from './outbox'
import { settleAll } from './stock'

/** The bindings a Shopper uses. */
export interface ShopperEnv extends ArchiveTimingEnv, DatabaseBindings, CountersBindings {
  INVENTORY_ITEM: DurableObjectNamespace<InventoryItem>
  EVENTS: Queue
  CATALOG_KV: KVNamespace
  DISCOUNT_CODE: DurableObjectNamespace<DiscountCode>
  STORE_SETTINGS: DurableObjectNamespace<StoreSettings>
  LOG_LEVEL?: string
  /** The local payment provider's secret (refunds go through the payments port). */
  PAYMENT_WEBHOOK_SECRET?: string
}

/** The first retry of anything a change leaves to do (settle, send): its alarm deadline. */
export const FIRST_RETRY_MS = retryAt(0, 1)

export class ShopperCore {
  readonly sql: SqlStorage
  readonly outbox: Outbox
  readonly log: Logger
  /** Derives each checkout's order id from its idempotency key. */
  readonly ids: CheckoutIds
  /** The alarm as last set by this instance; undefined until loaded in the constructor. */
  alarmAt: number | null | undefined
  /** Commands running or waiting in the object's queue (kept by the Shopper). */
  queued = 0
  private flushWanted = false
  /** True while the alarm runs: it sets the next alarm once at its end, so changes do not. */
  inAlarm = false

  constructor(
    readonly state: DurableObjectState,
    // Read on every use, not captured: the object's env is the one source of bindings.
    readonly env: () => ShopperEnv,
  ) {
    this.sql = state.storage.sql
    this.ids = new CheckoutIds(this.sql)
    this.log = createLogger(env().LOG_LEVEL, { object: 'Shopper' })
    this.outbox = new Outbox(state.storage, () => this.env().EVENTS, this.log, {
      counters: () => countersFor(this.env()),
      waitUntil: (work) => this.state.waitUntil(work),
      retryBy: (at) => this.alarmBy(at),
    })
  }

  /** The shopper's user id: the object's name. */
  get shopper(): string {
    const name = this.state.id.name
    if (!name) throw new Error('Shopper objects are addressed by user id (getByName)')
    return name
  }

  inventory(): Inventory {
    return new Inventory(this.env().INVENTORY_ITEM)
  }

  /** The store's settings as published to KV, through this isolate's cache (adapter.ts). */
  settings(): StoreSettingsStore {
    return new StoreSettingsStore(this.env().STORE_SETTINGS, this.env().CATALOG_KV)
  }

  transaction<T>(work: () => T): T {
    return this.state.storage.transactionSync(work)
  }

  requireOrder(id: string): OrderRow {
    const row = loadOrder(this.sql, id)
    if (!row) throw new AppError('not_found', 'no such order')
    return row
  }

  /**
   * Writes a new or changed order with its event in the caller's transaction, and expects the
   * archive to hold this version ARCHIVE_CHECK_SECONDS later.
   */
  record(row: OrderRow, now: number, type?: OrderEventType): void {
    // Rows sent since the last write leave with this one (outbox.ts): no commit of their own.
    this.outbox.forgetSent()
    const checkAt = now + archiveCheckMs(this.env())
    saveOrder(this.sql, { ...row, checkAt, checkAttempts: 0 })
    const event = orderEvent(row.order, crypto.randomUUID(), type)
    enqueue(this.sql, event, now + FIRST_RETRY_MS)
    logChange(this.sql, row.order, event.type)
  }

  /** Moves an order one edge of the state machine and sees the consequences through. */
  async change(id: string, to: OrderStatus, patch: { paymentId?: string } = {}): Promise<Order> {
    const now = Date.now()
    const row = this.requireOrder(id)
    const order = transition(row.order, to, now, patch)
    const touchesStock = to === 'paid' || to === 'cancelled' || to === 'expired'
    const next: OrderRow = touchesStock
      ? { ...row, order, settled: false, settleAttempts: 0, settleRetryAt: now + FIRST_RETRY_MS }
      : { ...row, order }
    this.transaction(() => this.record(next, now))
    // The settlement is due by the first retry (the alarm covers it if the call below fails);
    // the order's own deadlines (archive check, expiry) come later.
    await this.alarmBy(touchesStock ? now + FIRST_RETRY_MS : this.deadlineOf(next, now))
    await this.settle(id)
    // Settled (or its retry recorded): the guard moves to the next real deadline, in the turn of
    // the settlement's write.
    if (touchesStock && !this.inAlarm) await this.reschedule()
    this.flushInBackground()
    return order
  }

  /** An unpaid order past its expiry expires now, even if the alarm has not run yet. */
  async expireIfOverdue(id: string): Promise<void> {
    const row = loadOrder(this.sql, id)
    if (row && isOverdue(row.order, Date.now())) await this.change(id, 'expired')
  }

  /**
   * Makes the inventory and the discount codes match the order: a paid order's reservations are
   * sold and its code uses kept, others freed.
   */
  async settle(id: string): Promise<void> {
    const row = loadOrder(this.sql, id)
    if (!row || row.settled) return
    const { order } = row
    const action = order.paymentId !== null ? 'commit' : 'release'
    const holders = new Map(Object.entries(row.holders))
    const [stock, codes] = await Promise.all([
      settleAll(this.inventory(), order.id, order.lines, action, holders),
      settleCodes(this.env().DISCOUNT_CODE, codesOf(order.totals), order.id, action),
    ])
    const failures = [...stock, ...codes]
    const retry = failures.filter((f) => f.retryable)
    // A final refusal (a reservation the item already expired, say) needs an operator.
    for (const f of failures.filter((x) => !x.retryable))
      this.log.error('order settlement refused', { orderId: order.id, action, ...f })
    const attempts = row.settleAttempts + 1
    const current = loadOrder(this.sql, id) ?? row
    saveOrder(this.sql, {
      ...current,
      settled: retry.length === 0,
      settleAttempts: retry.length === 0 ? 0 : attempts,
      settleRetryAt: retry.length === 0 ? null : retryAt(Date.now(), attempts),
    })
  }

  /** Releases every line's reservation (compensation); what fails, the item's alarm expires. */
  async releaseLines(
    orderId: string,
    lines: readonly PricedLine[],
    holders: Record<string, string>,
  ): Promise<void> {
    const held = new Map(Object.entries(holders))
    for (const f of await settleAll(this.inventory(), orderId, lines, 'release', held))
      this.log.warn('compensating release failed', { orderId, ...f })
  }

  /**
   * Sends the outbox after the answer: the rows are durable and the alarm is set by their retry
   * time, so the answer need not wait for the queue.
   */
  flushInBackground(): void {
    this.flushWanted = true
  }

  /**
   * Called as each command ends: the last of the queued commands starts the flush, so events
   * written by commands that ran back to back leave in one batch.
   */
  commandDone(): void {
    this.queued--
    if (this.queued > 0 || !this.flushWanted) return
    this.flushWanted = false
    this.state.waitUntil(this.outbox.flush())
  }

  /**
   * The earliest deadline a change of `row` at `now` creates: the archive check of its new
   * version, or its expiry while it awaits payment. Its event needs none: sent right after the
   * answer; a failed send sets the alarm by its retry; an event left unsent by an object that
   * stopped is found by the alarm, at the latest at this archive check (outbox.ts).
   */
  deadlineOf(row: OrderRow, now: number): number {
    const check = now + archiveCheckMs(this.env())
    return row.order.status === 'pending_payment' ? Math.min(check, row.order.expiresAt) : check
  }

  /** Makes sure the alarm fires by `at`; writes it only when none is set that early. */
  async alarmBy(at: number): Promise<void> {
    if (this.inAlarm) return
    if (this.alarmAt !== null && this.alarmAt !== undefined && this.alarmAt <= at) return
    this.alarmAt = at
    await this.state.storage.setAlarm(at)
  }

  /** Sets the alarm to the earliest deadline of anything the object holds, or removes it. */
  async reschedule(): Promise<void> {
    const at = nextDeadline(this.sql, retentionMs(this.env()))
    if (at === this.alarmAt) return
    this.alarmAt = at
    if (at === null) await this.state.storage.deleteAlarm()
    else await this.state.storage.setAlarm(at)
  }
}

/**
 * The earliest deadline: a stalled placement, an expiry, a retry, an archive or retention check.
 * Outbox rows count only once a send failed: the others are being sent, or were left by an
 * earlier instance and wait for their order's archive check (outbox.ts).
 * One statement, one row of scalar subqueries (each statement is a round into SQLite, and this
 * runs after every flush and alarm; workerd's SQLite caps compound SELECTs, so no UNION).
 */
export function nextDeadline(sql: SqlStorage, window: number): number | null {
  const finished = [...FINISHED].map((s) => `'${s}'`).join(', ')
  const row = sql
    .exec<Record<string, number | null>>(
      `SELECT
         (SELECT min(expires_at) FROM placements WHERE state = 'placing') AS placing,
         (SELECT min(CASE WHEN status = 'pending_payment' THEN expires_at END) FROM orders) AS expiry,
         (SELECT min(settle_retry_at) FROM orders WHERE settled = 0) AS settle,
         (SELECT min(retry_at) FROM outbox WHERE attempts > 0) AS send,
         (SELECT min(check_at) FROM orders) AS archive,
         (SELECT min(sweep_at) FROM forgotten) AS sweep,
         (SELECT min(max(updated_at + ?, coalesce(retire_check_at, 0))) FROM orders
           WHERE status IN (${finished}) AND settled = 1
             AND id NOT IN (SELECT order_id FROM outbox)) AS retire`,
      window,
    )
    .one()
  const times = Object.values(row).filter((t): t is number => t !== null)
  return times.length === 0 ? null : Math.min(...times)
}
