/**
 * @module Calls Shopper objects: by user id for carts and checkout, by order id (which names its
 * shopper, order-ids.ts) for everything about one order, and unwraps their refusals.
 */
import { AppError } from '#domain/errors'
import type { Order } from '#domain/orders/order'
import type { PlaceResult } from '#domain/orders/place'
import type { RefundRequest } from '#domain/orders/refunds'
import type { Payment } from '#domain/orders/transitions'
import { unwrap } from '../shared/reply'
import { isShopperKey, shopperOfOrder } from './order-ids'
import type {
  CartView,
  CheckoutCommand,
  NewAddress,
  RefundResult,
  SavedAddress,
  Shopper,
  TimelineEntry,
} from './shopper'

/**
 * Every shopper's object. Ids are validated before any object is addressed: a malformed order id
 * is not found without a call, and a shopper object is only ever named by a valid user id.
 */
export class Shoppers {
  constructor(private readonly namespace: DurableObjectNamespace<Shopper>) {}

  /** The object of `userId`; refuses (`validation_failed`) an id that is not a user id. */
  of(userId: string) {
    if (!isShopperKey(userId))
      throw new AppError('validation_failed', 'this account cannot hold a cart or orders')
    return this.namespace.getByName(userId)
  }

  /** The object holding order `orderId`, or null when the id is not one of ours. */
  ofOrder(orderId: string) {
    const shopper = shopperOfOrder(orderId)
    return shopper ? this.namespace.getByName(shopper) : null
  }

  cart(userId: string): Promise<CartView> {
    return this.of(userId).cart()
  }

  /** Throws AppError `validation_failed` for a bad SKU, a quantity out of range, or a full cart. */
  async setCartItem(userId: string, sku: string, quantity: number): Promise<CartView> {
    return unwrap(await this.of(userId).setCartItem(sku, quantity))
  }

  async removeCartItems(userId: string, skus: string[]): Promise<CartView> {
    return unwrap(await this.of(userId).removeCartItems(skus))
  }

  clearCart(userId: string): Promise<CartView> {
    return this.of(userId).clearCart()
  }

  /** The account's saved addresses, the default first. */
  addresses(userId: string): Promise<SavedAddress[]> {
    return this.of(userId).addresses()
  }

  /** Saves an address; `validation_failed` for a bad one or when 10 are kept already. */
  async addAddress(userId: string, input: NewAddress): Promise<SavedAddress> {
    return unwrap(await this.of(userId).addAddress(input))
  }

  /** Deletes a saved address; `not_found` for an unknown id. */
  async deleteAddress(userId: string, id: string): Promise<void> {
    unwrap(await this.of(userId).deleteAddress(id))
  }

  /** Rewrites a deleted account's orders to `pseudonym`; returns the one in force. */
  async forget(userId: string, pseudonym: string): Promise<string> {
    return unwrap(await this.of(userId).forget(pseudonym))
  }

  /**
   * Places (or replays) a checkout; a shortfall is a result, refusals are AppErrors. The object
   * refuses (`unauthorized`) a `sessionVersion` below the shopper's session floor; 0, the
   * default, is the oldest session there is, so it passes only for a shopper whose sessions were
   * never ended (tests; no production caller leaves it out).
   */
  async checkout(
    userId: string,
    command: CheckoutCommand,
    sessionVersion = 0,
  ): Promise<PlaceResult> {
    return unwrap(await this.of(userId).checkout(command, sessionVersion))
  }

  /**
   * Refuses every checkout of `userId` with a session version below `floor` (sessions.ts);
   * `written` when the users table holds that version already.
   */
  async endSessions(userId: string, floor: number, written = false): Promise<number> {
    return unwrap(await this.of(userId).endSessions(floor, written))
  }

  /** Every order the shopper's object holds, newest first. */
  orders(userId: string): Promise<Order[]> {
    return this.of(userId).orders()
  }

  /** The live order with this id, or null when the id is malformed or names no live order. */
  async get(orderId: string): Promise<Order | null> {
    const stub = this.ofOrder(orderId)
    return stub ? stub.order(orderId) : null
  }

  async pay(orderId: string, payment: Payment): Promise<Order> {
    return unwrap(await this.require(orderId).pay(orderId, payment))
  }

  async cancel(orderId: string): Promise<Order> {
    return unwrap(await this.require(orderId).cancel(orderId))
  }

  async fulfil(orderId: string): Promise<Order> {
    return unwrap(await this.require(orderId).fulfil(orderId))
  }

  async refund(orderId: string): Promise<Order> {
    return unwrap(await this.require(orderId).refund(orderId))
  }

  /** Refunds lines or an amount once per refund id (see Shopper.refundPart for the refusals). */
  async refundPart(
    orderId: string,
    request: RefundRequest,
    requestHash: string,
  ): Promise<RefundResult> {
    return unwrap(await this.require(orderId).refundPart(orderId, request, requestHash))
  }

  /** The live order with its timeline, or null when its object no longer holds it. */
  async detail(orderId: string): Promise<{ order: Order; timeline: TimelineEntry[] } | null> {
    const stub = this.ofOrder(orderId)
    return stub ? stub.orderDetail(orderId) : null
  }

  private require(orderId: string) {
    const stub = this.ofOrder(orderId)
    if (!stub) throw new AppError('not_found', 'no such order')
    return stub
  }
}
