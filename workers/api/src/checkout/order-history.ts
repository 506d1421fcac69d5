/** @module A shopper's order history: the archive, overlaid with the live orders it has not caught up with. */
import { decodeCursor, encodeCursor, type OrderCursor, pageSize } from '#domain/orders/archive-rows'
import type { Order } from '#domain/orders/order'
import {
  type ArchivedOrder,
  type ArchiveStore,
  MAX_ARCHIVE_PAGE,
} from '#domain/ports/archive-store'
import type { Carts } from '#objects/cart/adapter'
import type { Orders } from '#objects/order/adapter'

/** What the history needs; the route builds it. */
export interface HistoryDeps {
  orders: Orders
  carts: Carts
  archive: ArchiveStore
  waitUntil: (work: Promise<unknown>) => void
}

/** One page of a shopper's orders, newest first. */
export interface HistoryPage {
  items: (Order | ArchivedOrder)[]
  nextCursor: string | null
}

const newerFirst = (a: OrderCursor, b: OrderCursor) =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)

/**
 * The shopper's orders, newest first, with the archive's cursor. The Cart object keeps the ids
 * of orders placed but maybe not yet archived. Each is read from its Order object; while the
 * archive lacks it or holds an older version, the live one is shown (the archive lags by the
 * queue). Once the archive has caught up, the id is dropped from the index, and from then on the
 * archive serves it: later changes show in the list once archived, and at once in GET /orders/:id.
 */
export async function listHistory(
  deps: HistoryDeps,
  userId: string,
  limit: number,
  cursor?: string,
): Promise<HistoryPage> {
  const n = pageSize(limit, MAX_ARCHIVE_PAGE)
  // Checked first so a bad cursor is refused before any object is called.
  const after = cursor === undefined ? undefined : decodeCursor(cursor)
  const [refs, archived] = await Promise.all([
    deps.carts.liveOrders(userId),
    deps.archive.listOrdersByUser(userId, n, cursor),
  ])
  const [versions, live] = await Promise.all([
    deps.archive.archivedVersions(refs.map((r) => r.id)),
    Promise.all(refs.map((r) => deps.orders.get(r.id))),
  ])
  const caughtUp: string[] = []
  const overlay = new Map<string, Order>()
  for (const [i, order] of live.entries()) {
    // An object without its order but with the order archived: it was retired, the archive serves it.
    const id = (refs[i] as { id: string }).id
    if (!order && versions.has(id)) caughtUp.push(id)
    if (!order || order.userId !== userId) continue
    if ((versions.get(order.id) ?? 0) >= order.version) caughtUp.push(order.id)
    else overlay.set(order.id, order)
  }
  if (caughtUp.length > 0) deps.waitUntil(deps.carts.forgetOrders(userId, caughtUp))

  const merged = new Map<string, Order | ArchivedOrder>()
  for (const o of archived.items) merged.set(o.id, overlay.get(o.id) ?? o)
  for (const o of overlay.values()) if (!after || newerFirst(o, after) > 0) merged.set(o.id, o)
  const sorted = [...merged.values()].sort(newerFirst)
  const items = sorted.slice(0, n)
  const last = items.at(-1)
  const more = sorted.length > n || archived.nextCursor !== null
  return { items, nextCursor: more && last ? encodeCursor(last) : null }
}
