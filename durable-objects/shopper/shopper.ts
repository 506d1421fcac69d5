/**
 * @module Shopper: one object per shopper (named by user id) holding their cart, the idempotency
 * records of their checkouts, their live orders with the state machine, and the orders' outbox.
 * A checkout is one call here plus one per SKU's inventory object; no object is made per order.
 */
import { DurableObject } from 'cloudflare:workers'
import { isPseudonym } from '#domain/auth/user'
import { AppError } from '#domain/errors'
import type { Order } from '#domain/orders/order'
import type { PlaceResult } from '#domain/orders/place'
import type { RefundRequest } from '#domain/orders/refunds'
import { assertPaymentMatches, isReplayedPayment, Payment } from '#domain/orders/transitions'
import { applyMigrations } from '../shared/migrations'
import { meterEnv, meterStorage } from '../shared/ops-meter'
import { type Reply, reply } from '../shared/reply'
import {
  addAddress,
  deleteAddress,
  listAddresses,
  type NewAddress,
  type SavedAddress,
} from './addresses'
import { assertSku, type CartView, clearCart, readCart, removeCartItems, setCartItem } from './cart'
import { type CheckoutCommand, checkout } from './checkout'
import { CHECKOUT_RATE, CheckoutRate } from './checkout-rate'
import { ShopperCore, type ShopperEnv } from './core'
import { runDueWork } from './due-work'
import { forget } from './forget'
import { MAX_CART_LINES } from './limits'
import { type TimelineEntry, timeline } from './order-log'
import { allOrders, loadOrder } from './orders-table'
import { paymentsFor, type RefundResult, refundOrder, refundRest } from './refunds'
import { SHOPPER_MIGRATIONS } from './schema'
import { SessionFloor } from './sessions'

export type {
  CartView,
  CheckoutCommand,
  NewAddress,
  RefundResult,
  SavedAddress,
  ShopperEnv,
  TimelineEntry,
}

/**
 * Every command that awaits runs through `exclusive`: calls to other objects and to the queue
 * open the input gate, so without it a second command could interleave with a checkout half-way
 * through, or two checkouts could pass the shopper's limits together. Reads and cart edits are
 * synchronous and need no queue.
 */
export class Shopper extends DurableObject<ShopperEnv> {
  private readonly core: ShopperCore
  private readonly sessions: SessionFloor
  private readonly rate = new CheckoutRate()
  private tail: Promise<unknown> = Promise.resolve()

  constructor(ctx: DurableObjectState, env: ShopperEnv) {
    super(ctx, meterEnv(env))
    meterStorage(ctx, env, 'Shopper', this)
    this.core = new ShopperCore(ctx, () => this.env)
    this.sessions = new SessionFloor(ctx.storage.sql)
    ctx.blockConcurrencyWhile(async () => {
      applyMigrations(ctx.storage, SHOPPER_MIGRATIONS)
      this.core.outbox.start()
      this.sessions.load()
      this.core.alarmAt = await ctx.storage.getAlarm()
    })
  }

  /** The cart, lines in the order they were added. */
  cart(): CartView {
    return readCart(this.core.sql)
  }

  /** Sets a line's quantity (0 removes it); `validation_failed` for a bad SKU or quantity, or a full cart. */
  setCartItem(sku: string, quantity: number): Promise<Reply<CartView>> {
    return reply(() => {
      this.ctx.storage.transactionSync(() => setCartItem(this.core.sql, sku, quantity))
      return this.cart()
    })
  }

  /** Removes lines by SKU, whatever their case; removing one that is not there changes nothing. */
  removeCartItems(skus: string[]): Promise<Reply<CartView>> {
    return reply(() => {
      if (!Array.isArray(skus) || skus.length > MAX_CART_LINES)
        throw new AppError('validation_failed', `at most ${MAX_CART_LINES} SKUs`)
      for (const sku of skus) assertSku(sku)
      this.ctx.storage.transactionSync(() => removeCartItems(this.core.sql, skus))
      return this.cart()
    })
  }

  clearCart(): CartView {
    clearCart(this.core.sql)
    return this.cart()
  }

  /** The account's saved addresses, the default first. */
  addresses(): SavedAddress[] {
    return listAddresses(this.core.sql)
  }

  /** Saves an address (`validation_failed` for a bad one, or when the account keeps 10 already). */
  addAddress(input: NewAddress): Promise<Reply<SavedAddress>> {
    return reply(() => this.ctx.storage.transactionSync(() => addAddress(this.core.sql, input)))
  }

  /** Deletes a saved address; `not_found` for an unknown id. */
  deleteAddress(id: string): Promise<Reply<null>> {
    return reply(() => {
      deleteAddress(this.core.sql, id)
      return null
    })
  }

  /**
   * Places an order once per idempotency key; the same request again returns the stored answer.
   * Refusals: `unauthorized` when `sessionVersion` (the token's) is below the session floor
   * (checked first, before a stored answer is replayed), `rate_limited` (checkout-rate.ts),
   * `validation_failed`, `cart_empty`,
   * `purchase_limit`, `sku_unavailable`, `idempotency_key_reused`, `upstream_unavailable`
   * (retry with the key).
   */
  checkout(command: CheckoutCommand, sessionVersion: number): Promise<Reply<PlaceResult>> {
    return reply(() => {
      this.sessions.require(sessionVersion)
      // Counted as the request arrives, before it waits its turn: `rate_limited` past the rate.
      this.rate.take(Date.now(), command.rate ?? CHECKOUT_RATE)
      return this.exclusive(() => checkout(this.core, command))
    })
  }

  /**
   * Ends every session below `floor`: from now on checkout refuses tokens whose session version
   * is lower (sessions.ts; CLOSED for a deleted account). Never lowers it. `written`: the users
   * table holds this version already. Answers the floor.
   */
  endSessions(floor: number, written = false): Promise<Reply<number>> {
    return reply(() => this.sessions.raise(floor, written))
  }

  /** One of the shopper's live orders, or null. */
  order(id: string): Order | null {
    return typeof id === 'string' ? (loadOrder(this.core.sql, id)?.order ?? null) : null
  }

  /** Every order the object holds (live, or finished within the retention window), newest first. */
  orders(): Order[] {
    return allOrders(this.core.sql)
  }

  /**
   * Applies a payment of exactly the total (`payment_mismatch` otherwise) and sells the stock; a
   * replay of the same payment id changes nothing. An expired or cancelled order refuses it.
   */
  pay(id: string, payment: Payment): Promise<Reply<Order>> {
    return reply(() =>
      this.exclusive(async () => {
        const parsed = Payment.safeParse(payment)
        if (!parsed.success) throw new AppError('validation_failed', 'invalid payment')
        const { order } = this.core.requireOrder(id)
        if (isReplayedPayment(order, parsed.data)) return order
        assertPaymentMatches(order, parsed.data)
        await this.core.expireIfOverdue(id)
        return this.core.change(id, 'paid', { paymentId: parsed.data.paymentId })
      }),
    )
  }

  /** Cancels an unpaid order and gives its stock back. */
  cancel(id: string): Promise<Reply<Order>> {
    return reply(() =>
      this.exclusive(async () => {
        this.core.requireOrder(id)
        await this.core.expireIfOverdue(id)
        return this.core.change(id, 'cancelled')
      }),
    )
  }

  /** Marks a paid order as shipped. */
  fulfil(id: string): Promise<Reply<Order>> {
    return reply(() => this.exclusive(() => this.core.change(id, 'fulfilled')))
  }

  /**
   * Refunds the rest of a paid or fulfilled order, which becomes `refunded`. Stock is not put back
   * automatically: whether the goods return to the shelf is an operator's decision, made with an
   * inventory adjustment.
   */
  refund(id: string): Promise<Reply<Order>> {
    return reply(() => this.exclusive(() => refundRest(this.core, id, paymentsFor(this.env))))
  }

  /**
   * Refunds lines or an amount of an order once per refund id (refunds.ts): the same id and
   * request again answers the stored refund; refusals `idempotency_key_reused`,
   * `refund_exceeds_order`, `invalid_transition`, `validation_failed`.
   */
  refundPart(
    id: string,
    request: RefundRequest,
    requestHash: string,
  ): Promise<Reply<RefundResult>> {
    return reply(() =>
      this.exclusive(() => refundOrder(this.core, id, request, requestHash, paymentsFor(this.env))),
    )
  }

  /** An order the object holds with its timeline (order-log.ts), or null. */
  orderDetail(id: string): { order: Order; timeline: TimelineEntry[] } | null {
    const order = this.order(id)
    return order ? { order, timeline: timeline(this.core.sql, id) } : null
  }

  /**
   * The account was deleted: the orders still held here, their unsent events and stored answers
   * take `pseudonym` (the one the archive uses), and the cart and saved addresses are emptied. Returns the pseudonym in
   * force (the first one, when called again).
   */
  forget(pseudonym: string): Promise<Reply<string>> {
    return reply(() =>
      this.exclusive(async () => {
        if (!isPseudonym(pseudonym)) throw new AppError('validation_failed', 'invalid pseudonym')
        return forget(this.core, pseudonym)
      }),
    )
  }

  /** Serves every deadline of every order, then sets the next one. */
  override async alarm(): Promise<void> {
    await this.exclusive(async () => {
      // A running alarm is no longer scheduled; the next one is set once, at the end.
      this.core.alarmAt = null
      this.core.inAlarm = true
      try {
        await runDueWork(this.core)
      } finally {
        this.core.inAlarm = false
      }
    })
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.core.queued++
    const run = this.tail.then(work).finally(() => this.core.commandDone())
    this.tail = run.catch(() => undefined)
    return run
  }
}
