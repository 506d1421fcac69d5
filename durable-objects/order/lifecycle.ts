/** @module The state changes of one order and the work each leaves: stock, outbox and alarm. */
import { AppError } from '#domain/errors'
import { orderEvent } from '#domain/orders/events'
import type { Order, OrderStatus, PricedLine } from '#domain/orders/order'
import { isOverdue, transition } from '#domain/orders/transitions'
import { Inventory } from '../inventory-item/adapter'
import type { InventoryItem } from '../inventory-item/inventory-item'
import { countersFor, type StockHintEnv } from '../inventory-item/stock-hint'
import { archiveFor } from './archive'
import { archiveCheckDueAt, archiveCheckMs, checkArchived, expectArchived } from './archive-check'
import { flushOutbox, retryAt } from './outbox'
import { type RetentionEnv, retentionMs, retireIfDue, retirementDueAt } from './retention'
import { settleAll } from './stock'
import {
  enqueue,
  loadHolders,
  loadOrder,
  loadPlacement,
  type OrderRow,
  outboxDueAt,
  saveOrder,
} from './tables'

/** The bindings an Order uses. */
export interface OrderEnv extends RetentionEnv, StockHintEnv {
  ARCHIVE_CHECK_SECONDS?: string
  INVENTORY_ITEM: DurableObjectNamespace<InventoryItem>
  EVENTS: Queue
}

/**
 * Each change is decided and written, with its outbox row and a retry time for what must follow,
 * in one transaction; only then do the side effects run. They are idempotent and rolled forward
 * (never back) until done, by the call itself or later by the alarm.
 */
export class OrderLifecycle {
  readonly sql: SqlStorage

  constructor(
    private readonly state: DurableObjectState,
    // Read on every use, not captured: the object's env is the one source of bindings.
    private readonly env: () => OrderEnv,
  ) {
    this.sql = state.storage.sql
  }

  /** The order id: the object's own id. */
  get id(): string {
    return this.state.id.toString()
  }

  inventory(): Inventory {
    return new Inventory(this.env().INVENTORY_ITEM)
  }

  transaction<T>(work: () => T): T {
    return this.state.storage.transactionSync(work)
  }

  requireOrder(): OrderRow {
    const row = loadOrder(this.sql)
    if (!row) throw new AppError('not_found', 'no such order')
    return row
  }

  /** Moves the order one edge of the state machine and sees the consequences through. */
  async change(to: OrderStatus, patch: { paymentId?: string } = {}): Promise<Order> {
    const now = Date.now()
    const row = this.requireOrder()
    const order = transition(row.order, to, now, patch)
    const touchesStock = to === 'paid' || to === 'cancelled' || to === 'expired'
    const next: OrderRow = touchesStock
      ? { order, settled: false, settleAttempts: 0, settleRetryAt: retryAt(now, 1) }
      : { ...row, order }
    this.transaction(() => {
      saveOrder(this.sql, next)
      this.enqueueEvent(order, now)
    })
    await this.reschedule()
    await this.settle()
    await this.flush()
    await this.reschedule()
    return order
  }

  /**
   * Queues the order's event in the outbox and expects the archive to hold this version after
   * ARCHIVE_CHECK_SECONDS (archive-check.ts); the caller runs it inside its transaction.
   */
  enqueueEvent(order: Order, now: number): void {
    enqueue(this.sql, orderEvent(order, crypto.randomUUID()), retryAt(now, 1))
    expectArchived(this.sql, order.version, now + archiveCheckMs(this.env()))
  }

  /** When due, asks the archive for the order's current version and sends its event again if missing. */
  async confirmArchived(now = Date.now()): Promise<void> {
    const row = loadOrder(this.sql)
    // While events wait in the outbox, the outbox retries them; the archive check comes after.
    if (!row || outboxDueAt(this.sql) !== null) return
    const outcome = await checkArchived(
      this.sql,
      row.order,
      now,
      archiveCheckMs(this.env()),
      archiveFor(this.env()),
    )
    if (outcome === 'resend') {
      this.transaction(() =>
        enqueue(this.sql, orderEvent(row.order, crypto.randomUUID()), retryAt(now, 1)),
      )
      await this.flush()
    }
    await this.reschedule()
  }

  /** An unpaid order past its expiry expires now, even if its alarm has not run yet. */
  async expireIfOverdue(): Promise<void> {
    const row = loadOrder(this.sql)
    if (row && isOverdue(row.order, Date.now())) await this.change('expired')
  }

  /** Makes the inventory match the order: a paid order's reservations are sold, others freed. */
  async settle(): Promise<void> {
    const row = loadOrder(this.sql)
    if (!row || row.settled) return
    const { order } = row
    const action = order.paymentId !== null ? 'commit' : 'release'
    const failures = await settleAll(
      this.inventory(),
      order.id,
      order.lines,
      action,
      loadHolders(this.sql),
    )
    const retry = failures.filter((f) => f.retryable)
    // A final refusal (a reservation the item already expired, say) needs an operator.
    for (const f of failures.filter((x) => !x.retryable))
      console.error(
        JSON.stringify({ msg: 'order stock settlement refused', id: order.id, action, ...f }),
      )
    const attempts = row.settleAttempts + 1
    saveOrder(this.sql, {
      ...row,
      settled: retry.length === 0,
      settleAttempts: retry.length === 0 ? 0 : attempts,
      settleRetryAt: retry.length === 0 ? null : retryAt(Date.now(), attempts),
    })
  }

  /** Releases every line's reservation (compensation); what fails, the item's alarm expires. */
  async releaseLines(lines: readonly PricedLine[]): Promise<void> {
    const holders = loadHolders(this.sql)
    for (const f of await settleAll(this.inventory(), this.id, lines, 'release', holders))
      console.warn(JSON.stringify({ msg: 'compensating release failed', id: this.id, ...f }))
  }

  flush(): Promise<void> {
    return flushOutbox(this.sql, this.env().EVENTS, (work) => this.transaction(work), {
      counters: () => countersFor(this.env()),
      waitUntil: (work) => this.state.waitUntil(work),
    })
  }

  /**
   * Retires a finished order whose window has passed, once the archive holds it (retention.ts).
   * `now` is a parameter so tests can look past the window.
   */
  async retireIfDue(now = Date.now()): Promise<boolean> {
    const row = loadOrder(this.sql)
    if (!row) return false
    const archive = archiveFor(this.env())
    const retired = await retireIfDue(
      this.sql,
      (work) => this.transaction(work),
      row,
      now,
      this.retention(),
      archive,
    )
    await this.reschedule()
    return retired
  }

  private retention(): number {
    return retentionMs(this.env())
  }

  /** One alarm serves every deadline: expiry, a stalled placement, stock retries, the outbox, retention. */
  async reschedule(): Promise<void> {
    const times: number[] = []
    const placement = loadPlacement(this.sql)
    if (placement?.state === 'placing') times.push(placement.expiresAt)
    const row = loadOrder(this.sql)
    if (row?.order.status === 'pending_payment') times.push(row.order.expiresAt)
    if (row && !row.settled && row.settleRetryAt !== null) times.push(row.settleRetryAt)
    const outboxAt = outboxDueAt(this.sql)
    if (outboxAt !== null) times.push(outboxAt)
    const retireAt = row && retirementDueAt(this.sql, row.order, row.settled, this.retention())
    if (retireAt) times.push(retireAt)
    const checkAt = row && archiveCheckDueAt(this.sql)
    if (checkAt) times.push(checkAt)
    if (times.length === 0) await this.state.storage.deleteAlarm()
    else await this.state.storage.setAlarm(Math.min(...times))
  }
}
