/**
 * @module A shopper's data in one place, for export and for deletion: profile, cart, saved
 * addresses and every order (live and archived), read through the same functions as the cart and order routes.
 */
import type { Context } from 'hono'
import { type PublicUser, toPublicUser, type UserRecord } from '#domain/auth/user'
import { AppError } from '#domain/errors'
import type { Order, OrderStatus } from '#domain/orders/order'
import type { ArchivedOrder } from '#domain/ports/archive-store'
import type { SavedAddress } from '#objects/shopper/addresses'
import { shoppersOf } from '../checkout/objects'
import { listHistory } from '../checkout/order-history'
import type { AppEnv } from '../types'

/** What GET /v1/me/export answers. */
export interface AccountExport {
  exportedAt: string
  profile: PublicUser
  cart: Awaited<ReturnType<ReturnType<typeof shoppersOf>['cart']>>
  addresses: SavedAddress[]
  orders: (Order | ArchivedOrder)[]
}

// An export or a deletion reads at most this many pages of 50 orders; more answers 409.
const MAX_PAGES = 100

/** Every order of `userId`, newest first: the order history, page after page. */
export async function allOrders(
  c: Context<AppEnv>,
  userId: string,
): Promise<(Order | ArchivedOrder)[]> {
  // The account's own orders and those of the guests it claimed, as the history shows them.
  const owners = [userId, ...(await c.get('ports').database.sessions.guestsClaimedBy(userId))]
  const deps = {
    shoppers: shoppersOf(c),
    archive: c.get('ports').database.archive,
  }
  const all: (Order | ArchivedOrder)[] = []
  let cursor: string | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const next = await listHistory(deps, owners, 50, cursor)
    all.push(...next.items)
    if (next.nextCursor === null) return all
    cursor = next.nextCursor
  }
  throw new AppError('conflict', 'Too many orders to read at once; contact the shop')
}

/** The user's profile, cart, saved addresses and orders, as JSON a person can keep. */
export async function exportAccount(c: Context<AppEnv>, user: UserRecord): Promise<AccountExport> {
  const shoppers = shoppersOf(c)
  const [cart, addresses, orders] = await Promise.all([
    shoppers.cart(user.id),
    shoppers.addresses(user.id),
    allOrders(c, user.id),
  ])
  return {
    exportedAt: new Date().toISOString(),
    profile: toPublicUser(user),
    cart,
    addresses,
    orders,
  }
}

/**
 * Statuses in which an order can still change hands or money: deleting the account then would
 * leave the shop unable to deliver or refund, and the order's next event would name the user.
 */
export const UNSETTLED: readonly OrderStatus[] = ['pending_payment', 'paid']
