/** @module Calls Order objects: names them for checkout, finds them by id, unwraps refusals. */
import { AppError } from '#domain/errors'
import type { Order as OrderSnapshot } from '#domain/orders/order'
import type { PlaceOrderInput, PlaceResult } from '#domain/orders/place'
import type { Payment } from '#domain/orders/transitions'
import { unwrap } from '../shared/reply'
import type { Order } from './order'
import type { PlacementKey } from './placement'

/** The name of the object that places `userId`'s checkout under `idempotencyKey`. */
export function orderObjectName(userId: string, idempotencyKey: string): string {
  return `${userId}:${idempotencyKey}`
}

const ORDER_ID = /^[0-9a-f]{64}$/

/** Every live order; routes map the AppErrors thrown here to HTTP statuses. */
export class Orders {
  constructor(private readonly namespace: DurableObjectNamespace<Order>) {}

  /** Places (or replays) a checkout; a shortfall is a result, a reused key an AppError. */
  async place(input: PlaceOrderInput): Promise<PlaceResult> {
    const stub = this.namespace.getByName(orderObjectName(input.userId, input.idempotencyKey))
    return unwrap(await stub.place(input))
  }

  /**
   * The stored answer to an earlier placement under this key, or null when there is none yet;
   * throws AppError `idempotency_key_reused` when the key was used for another request.
   */
  async replay(key: PlacementKey): Promise<PlaceResult | null> {
    const stub = this.namespace.getByName(orderObjectName(key.userId, key.idempotencyKey))
    return unwrap(await stub.replay(key))
  }

  /** The order with this id, or null when the id is malformed or names no order. */
  async get(orderId: string): Promise<OrderSnapshot | null> {
    const stub = this.stub(orderId)
    return stub ? stub.get() : null
  }

  async pay(orderId: string, payment: Payment): Promise<OrderSnapshot> {
    return unwrap(await this.require(orderId).pay(payment))
  }

  async cancel(orderId: string): Promise<OrderSnapshot> {
    return unwrap(await this.require(orderId).cancel())
  }

  async fulfil(orderId: string): Promise<OrderSnapshot> {
    return unwrap(await this.require(orderId).fulfil())
  }

  async refund(orderId: string): Promise<OrderSnapshot> {
    return unwrap(await this.require(orderId).refund())
  }

  private stub(orderId: string) {
    if (!ORDER_ID.test(orderId)) return null
    try {
      return this.namespace.get(this.namespace.idFromString(orderId))
    } catch {
      // A well-formed id of another namespace does not parse either: to callers it is not found.
      return null
    }
  }

  private require(orderId: string) {
    const stub = this.stub(orderId)
    if (!stub) throw new AppError('not_found', 'no such order')
    return stub
  }
}
