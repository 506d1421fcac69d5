/** @module The Durable Object adapters a request uses, built from its env, and the reads they share. */
import type { Context } from 'hono'
import { AppError } from '#domain/errors'
import type { Order } from '#domain/orders/order'
import type { ArchivedOrder } from '#domain/ports/archive-store'
import { Inventory } from '#objects/inventory-item/adapter'
import { Shoppers } from '#objects/shopper/adapter'
import { CHECKOUT_RATE, type CheckoutRateLimit } from '#objects/shopper/checkout-rate'
import { shopperOfOrder } from '#objects/shopper/order-ids'
import type { AppEnv } from '../types'

export const shoppersOf = (c: Context<AppEnv>) => new Shoppers(c.env.SHOPPER)
export const inventoryOf = (c: Context<AppEnv>) => new Inventory(c.env.INVENTORY_ITEM)

const DEFAULT_TTL_SECONDS = 900

/** RESERVATION_TTL_SECONDS within 1 s..24 h; a missing or malformed value means 15 minutes. */
export function reservationTtlSeconds(env: { RESERVATION_TTL_SECONDS?: string }): number {
  const ttl = Number(env.RESERVATION_TTL_SECONDS)
  if (!Number.isInteger(ttl) || ttl <= 0) return DEFAULT_TTL_SECONDS
  return Math.min(86_400, ttl)
}

/**
 * Checkouts one shopper may start a minute (CHECKOUT_RATE_LIMIT, 1..100000; unset or malformed:
 * 10), counted exactly by the shopper's object (durable-objects/shopper/checkout-rate.ts).
 */
export function checkoutRate(env: { CHECKOUT_RATE_LIMIT?: string }): CheckoutRateLimit {
  const limit = Number(env.CHECKOUT_RATE_LIMIT)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) return CHECKOUT_RATE
  return { limit, windowSeconds: 60 }
}

/**
 * The order with this id: from its shopper's object while it lives there, else from the archive.
 * Anything the caller may not see (another shopper's, unknown, malformed) is the same 404, so an
 * id reveals nothing; a shopper's request for an id naming another shopper addresses no object.
 * `userId` undefined means any owner (admins).
 */
export async function findOrder(
  c: Context<AppEnv>,
  id: string,
  userId: string | undefined,
): Promise<Order | ArchivedOrder> {
  const owner = shopperOfOrder(id)
  if (!owner || (userId !== undefined && owner !== userId && !(await claimed(c, owner, userId))))
    throw new AppError('not_found', 'No such order')
  const live = await shoppersOf(c).get(id)
  if (live) return live
  const archived = await c.get('ports').database.archive.getOrder(id)
  if (archived && (!userId || archived.userId === owner)) return archived
  throw new AppError('not_found', 'No such order')
}

/**
 * Whether account `userId` claimed the guest shopper `owner` (POST /v1/auth/register or login with
 * the guest's token): the guest's orders stay in the guest's object and are the account's too.
 * Read only for an order id naming another shopper, so a shopper's own orders cost nothing more.
 */
async function claimed(c: Context<AppEnv>, owner: string, userId: string): Promise<boolean> {
  const guest = await c.get('ports').database.sessions.findGuest(owner)
  return guest?.claimedBy === userId
}
