/** @module The archive's admin listings on D1: orders with search and account email, customers with spend. */
import { and, count, desc, eq, inArray, lt, max, or, type SQL, sql, sum } from 'drizzle-orm'
import {
  assembleOrder,
  decodeCursor,
  encodeCursor,
  orderSearch,
  pageSize,
} from '#domain/orders/archive-rows'
import {
  type ArchivedOrderPage,
  type ArchiveListQuery,
  BOUGHT_STATUSES,
  type CustomerPage,
  type CustomerSummary,
  MAX_ARCHIVE_PAGE,
} from '#domain/ports/archive-store'
import type { D1Db } from './db'
import { orderLines, orders, users } from './schema'

/** Rows after `cursor` in newest-first order of (createdAt, id). */
function after(
  cursor: string | undefined,
  col: { createdAt: typeof orders.createdAt; id: typeof orders.id } | typeof users,
) {
  if (cursor === undefined) return undefined
  const c = decodeCursor(cursor)
  return or(lt(col.createdAt, c.createdAt), and(eq(col.createdAt, c.createdAt), lt(col.id, c.id)))
}

/** `column` contains `term` (no LIKE: an email's `_` and `%` are plain characters here). */
const contains = (column: SQL | typeof users.email, term: string) =>
  sql`instr(lower(coalesce(${column}, '')), ${term}) > 0`

/** A newest-first page of orders matching `filter`, the query's status and search, with lines. */
export async function pageOrders(
  db: D1Db,
  filter: SQL | undefined,
  query: ArchiveListQuery,
): Promise<ArchivedOrderPage> {
  const n = pageSize(query.limit, MAX_ARCHIVE_PAGE)
  const search = query.q ? orderSearch(query.q) : null
  const page = await db
    .select({ order: orders, accountEmail: users.email })
    .from(orders)
    .leftJoin(users, eq(users.id, orders.userId))
    .where(
      and(
        filter,
        query.status && eq(orders.status, query.status),
        search === null
          ? undefined
          : or(
              contains(sql`${orders.email}`, search.email),
              contains(users.email, search.email),
              search.idPrefix
                ? sql`substr(${orders.id}, 1, ${search.idPrefix.length}) = ${search.idPrefix}`
                : undefined,
            ),
        after(query.cursor, orders),
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(n + 1)
  const items = page.slice(0, n)
  const lines = items.length
    ? await db
        .select()
        .from(orderLines)
        .where(
          inArray(
            orderLines.orderId,
            items.map((r) => r.order.id),
          ),
        )
    : []
  const last = items.at(-1)?.order
  return {
    items: items.map((r) => assembleOrder({ ...r.order, accountEmail: r.accountEmail }, lines)),
    nextCursor: page.length > n && last ? encodeCursor(last) : null,
  }
}

/** Each user's bought orders: count, paid, refunded, last. */
function boughtByUser(db: D1Db) {
  return db
    .select({
      userId: orders.userId,
      orders: count().as('n_orders'),
      paid: sum(orders.totalMinor).as('paid_minor'),
      refunded: sum(orders.refundedMinor).as('refunded_sum'),
      last: max(orders.createdAt).as('last_order_at'),
    })
    .from(orders)
    .where(inArray(orders.status, [...BOUGHT_STATUSES]))
    .groupBy(orders.userId)
    .as('bought')
}

type CustomerRow = {
  userId: string
  email: string
  createdAt: number
  orders: number | null
  paid: string | number | null
  refunded: string | number | null
  last: number | null
}

function summary(r: CustomerRow): CustomerSummary {
  const paid = Number(r.paid ?? 0)
  const refunded = Number(r.refunded ?? 0)
  return {
    userId: r.userId,
    email: r.email,
    createdAt: r.createdAt,
    orders: r.orders ?? 0,
    spentMinor: paid - refunded,
    refundedMinor: refunded,
    lastOrderAt: r.last,
  }
}

function customers(db: D1Db) {
  const bought = boughtByUser(db)
  return db
    .select({
      userId: users.id,
      email: users.email,
      createdAt: users.createdAt,
      orders: bought.orders,
      paid: bought.paid,
      refunded: bought.refunded,
      last: bought.last,
    })
    .from(users)
    .leftJoin(bought, eq(bought.userId, users.id))
}

/** Customers newest first, optionally by part of their email. */
export async function listCustomers(
  db: D1Db,
  query: { limit: number; cursor?: string; q?: string },
): Promise<CustomerPage> {
  const n = pageSize(query.limit, MAX_ARCHIVE_PAGE)
  const term = query.q?.trim().toLowerCase()
  const rows = (await customers(db)
    .where(
      and(
        eq(users.role, 'shopper'),
        term ? contains(users.email, term) : undefined,
        after(query.cursor, users),
      ),
    )
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(n + 1)) as CustomerRow[]
  const items = rows.slice(0, n).map(summary)
  const last = items.at(-1)
  return {
    items,
    nextCursor:
      rows.length > n && last ? encodeCursor({ createdAt: last.createdAt, id: last.userId }) : null,
  }
}

/** One customer's summary, or null. */
export async function getCustomer(db: D1Db, userId: string): Promise<CustomerSummary | null> {
  const [row] = (await customers(db).where(eq(users.id, userId))) as CustomerRow[]
  return row ? summary(row) : null
}
