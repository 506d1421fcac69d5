/** @module Checkout: answer a retry from its stored result, else price the lines and place the order. */
import { AppError } from '#domain/errors'
import type { Order } from '#domain/orders/order'
import type { PlaceResult } from '#domain/orders/place'
import type { CatalogStore } from '#domain/ports/catalog-store'
import type { Carts } from '#objects/cart/adapter'
import type { Orders } from '#objects/order/adapter'
import { priceLines, type RequestedLine, skuKey } from './pricing'
import { type CheckoutRequest, checkoutRequestHash } from './request-hash'

/** What a checkout needs; the route builds it from env and ports. */
export interface CheckoutDeps {
  orders: Orders
  carts: Carts
  catalog: Pick<CatalogStore, 'variantsBySku'>
  currency: string
  ttlSeconds: number
  /** Logs a failure that does not change the answer. */
  warn: (msg: string, fields: Record<string, unknown>) => void
}

/**
 * Places the shopper's order under `idempotencyKey`, or returns what the first request with this
 * key and body got. The stored answer is looked up before pricing, so a retry is answered the same
 * even after the cart was emptied or a price changed. Concurrent first requests all reach the
 * Order object, which serialises them into one placement.
 */
export async function checkout(
  deps: CheckoutDeps,
  userId: string,
  idempotencyKey: string,
  request: CheckoutRequest,
): Promise<PlaceResult> {
  const key = { userId, idempotencyKey, requestHash: await checkoutRequestHash(request) }
  const stored = await deps.orders.replay(key)
  if (stored) {
    // Tracking again heals a first attempt whose tracking failed.
    if (stored.ok) await track(deps, stored.order)
    return stored
  }
  const requested = 'fromCart' in request ? await cartLines(deps, userId) : request.items
  const lines = await priceLines(deps.catalog, requested, deps.currency)
  const result = await deps.orders.place({
    ...key,
    lines,
    currency: deps.currency,
    ttlSeconds: deps.ttlSeconds,
  })
  if (!result.ok) return result
  await track(deps, result.order)
  if ('fromCart' in request) await emptyCart(deps, userId, requested, result.order)
  return result
}

async function cartLines(deps: CheckoutDeps, userId: string): Promise<RequestedLine[]> {
  const { items } = await deps.carts.get(userId)
  if (items.length === 0) throw new AppError('cart_empty', 'The cart is empty')
  return items
}

/**
 * Adds the order to the shopper's live orders, so their history shows it before the archive
 * does. Failing open is safe: the archive receives every order (invariant 2) and a retry with
 * the same key tracks it again.
 */
async function track(deps: CheckoutDeps, order: Order): Promise<void> {
  try {
    await deps.carts.trackOrder(order.userId, { id: order.id, createdAt: order.createdAt })
  } catch (err) {
    deps.warn('live order not tracked; history shows it once archived', {
      orderId: order.id,
      error: err instanceof Error ? err.message : String(err),
    })
  }
}

/**
 * Removes the ordered lines from the cart; lines added while the checkout ran stay. A failure is
 * logged, not returned: the order stands, and the shopper can empty the cart themselves.
 */
async function emptyCart(
  deps: CheckoutDeps,
  userId: string,
  requested: readonly RequestedLine[],
  order: Order,
): Promise<void> {
  const ordered = new Set(order.lines.map((l) => skuKey(l.sku)))
  const skus = requested.filter((l) => ordered.has(skuKey(l.sku))).map((l) => l.sku)
  try {
    await deps.carts.removeItems(userId, skus)
  } catch (err) {
    deps.warn('cart not emptied after checkout', {
      orderId: order.id,
      error: err instanceof Error ? err.message : String(err),
    })
  }
}
