/** @module Calls a shopper's Cart and turns its refusals back into AppErrors. */
import { unwrap } from '../shared/reply'
import type { Cart, CartView } from './cart'
import type { LiveOrderRef } from './live-orders'

/** Every shopper's cart, one Cart object per user id by name. */
export class Carts {
  constructor(private readonly namespace: DurableObjectNamespace<Cart>) {}

  private cart(userId: string) {
    return this.namespace.getByName(userId)
  }

  get(userId: string): Promise<CartView> {
    return this.cart(userId).get()
  }

  /** Throws AppError `validation_failed` for a bad SKU, a quantity outside 0..99, or a full cart. */
  async setItem(userId: string, sku: string, quantity: number): Promise<CartView> {
    return unwrap(await this.cart(userId).setItem(sku, quantity))
  }

  async removeItem(userId: string, sku: string): Promise<CartView> {
    return unwrap(await this.cart(userId).removeItem(sku))
  }

  clear(userId: string): Promise<CartView> {
    return this.cart(userId).clear()
  }

  /** Removes the lines of these SKUs, as after a checkout of them. */
  async removeItems(userId: string, skus: string[]): Promise<CartView> {
    return unwrap(await this.cart(userId).removeItems(skus))
  }

  /** Records an order the shopper placed, until the archive holds it. */
  async trackOrder(userId: string, ref: LiveOrderRef): Promise<void> {
    unwrap(await this.cart(userId).trackOrder(ref))
  }

  /** The shopper's orders the archive may not hold yet, newest first. */
  liveOrders(userId: string): Promise<LiveOrderRef[]> {
    return this.cart(userId).liveOrders()
  }

  async forgetOrders(userId: string, ids: string[]): Promise<void> {
    await this.cart(userId).forgetOrders(ids)
  }
}
