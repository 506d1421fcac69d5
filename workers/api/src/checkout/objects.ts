/** @module The Durable Object adapters a request uses, built from its env, and the reads they share. */
import type { Context } from 'hono'
import { AppError } from '#domain/errors'
import type { Order } from '#domain/orders/order'
import type { ArchivedOrder } from '#domain/ports/archive-store'
import { Carts } from '#objects/cart/adapter'
import { Inventory } from '#objects/inventory-item/adapter'
import { Orders } from '#objects/order/adapter'
import type { AppEnv } from '../types'

export const ordersOf = (c: Context<AppEnv>) => new Orders(c.env.ORDER)
export const cartsOf = (c: Context<AppEnv>) => new Carts(c.env.CART)
export const inventoryOf = (c: Context<AppEnv>) => new Inventory(c.env.INVENTORY_ITEM)

const DEFAULT_TTL_SECONDS = 900

/** RESERVATION_TTL_SECONDS within 1 s..24 h; a missing or malformed value means 15 minutes. */
export function reservationTtlSeconds(env: { RESERVATION_TTL_SECONDS?: string }): number {
  const ttl = Number(env.RESERVATION_TTL_SECONDS)
  if (!Number.isInteger(ttl) || ttl <= 0) return DEFAULT_TTL_SECONDS
  return Math.min(86_400, ttl)
}

/**
 * The order with this id: from its object while it lives, else from the archive. Anything the
 * caller may not see (another shopper's, unknown, malformed) is the same 404, so an id reveals
 * nothing. `userId` undefined means any owner (admins).
 */
export async function findOrder(
  c: Context<AppEnv>,
  id: string,
  userId: string | undefined,
): Promise<Order | ArchivedOrder> {
  const mine = (o: { userId: string } | null) => o !== null && (!userId || o.userId === userId)
  const live = await ordersOf(c).get(id)
  if (live && mine(live)) return live
  if (!live && /^[0-9a-f]{64}$/.test(id)) {
    const archived = await c.get('ports').database.archive.getOrder(id)
    if (archived && mine(archived)) return archived
  }
  throw new AppError('not_found', 'No such order')
}
