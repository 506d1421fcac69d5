/** @module A shopper's order history: the archive, overlaid with the live orders it has not caught up with. */
import { decodeCursor, encodeCursor, type OrderCursor, pageSize } from '#domain/orders/archive-rows'
import type { Order } from '#domain/orders/order'
import {
  type ArchivedOrder,
  type ArchiveStore,
  MAX_ARCHIVE_PAGE,
} from '#domain/ports/archive-store'
import type { Shoppers } from '#objects/shopper/adapter'

/** What the history needs; the route builds it. */
export interface HistoryDeps {
  shoppers: Shoppers
  archive: ArchiveStore
}

/** One page of a shopper's orders, newest first. */
export interface HistoryPage {
  items: (Order | ArchivedOrder)[]
  nextCursor: string | null
}

const newerFirst = (a: OrderCursor, b: OrderCursor) =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)

/**
 * The shopper's orders, newest first, with the archive's cursor. The shopper's object holds every
 * order until it is retired (once archived, after the retention window); those are shown as the
 * object has them, since the archive lags by the queue. Retired orders come from the archive.
 */
export async function listHistory(
  deps: HistoryDeps,
  owners: string | readonly string[],
  limit: number,
  cursor?: string,
): Promise<HistoryPage> {
  if (typeof owners !== 'string') return listHistories(deps, owners, limit, cursor)
  const userId = owners
  const n = pageSize(limit, MAX_ARCHIVE_PAGE)
  // Checked first so a bad cursor is refused before any object is called.
  const after = cursor === undefined ? undefined : decodeCursor(cursor)
  const [live, archived] = await Promise.all([
    deps.shoppers.orders(userId),
    deps.archive.listOrdersByUser(userId, n, cursor),
  ])
  const overlay = new Map<string, Order>(live.map((o) => [o.id, o]))
  const merged = new Map<string, Order | ArchivedOrder>()
  for (const o of archived.items) merged.set(o.id, overlay.get(o.id) ?? o)
  for (const o of overlay.values()) if (!after || newerFirst(o, after) > 0) merged.set(o.id, o)
  const sorted = [...merged.values()].sort(newerFirst)
  const items = sorted.slice(0, n)
  const last = items.at(-1)
  const more = sorted.length > n || archived.nextCursor !== null
  return { items, nextCursor: more && last ? encodeCursor(last) : null }
}

/**
 * The orders of several shoppers (an account and the guests it claimed) as one history. The
 * cursor is a position in the one newest-first order, so each shopper's history is read after
 * it, the pages are merged, and the next cursor is the last order shown.
 */
async function listHistories(
  deps: HistoryDeps,
  owners: readonly string[],
  limit: number,
  cursor?: string,
): Promise<HistoryPage> {
  const [first, ...rest] = owners
  if (first === undefined) return { items: [], nextCursor: null }
  if (rest.length === 0) return listHistory(deps, first, limit, cursor)
  const n = pageSize(limit, MAX_ARCHIVE_PAGE)
  const pages = await Promise.all(owners.map((o) => listHistory(deps, o, n, cursor)))
  const sorted = pages.flatMap((p) => p.items).sort(newerFirst)
  const items = sorted.slice(0, n)
  const last = items.at(-1)
  const more = sorted.length > n || pages.some((p) => p.nextCursor !== null)
  return { items, nextCursor: more && last ? encodeCursor(last) : null }
}
