/** @module The order archive on D1. */
import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  inArray,
  is,
  lt,
  or,
  Param,
  Placeholder,
  type SQL,
  sql,
} from 'drizzle-orm'
import {
  archiveRows,
  assembleOrder,
  decodeCursor,
  encodeCursor,
  pageSize,
} from '#domain/orders/archive-rows'
import type { OrderEvent } from '#domain/orders/events'
import {
  type ArchivedOrder,
  type ArchivedOrderPage,
  type ArchiveListQuery,
  type ArchiveStore,
  type CustomerPage,
  type CustomerSummary,
  MAX_ARCHIVE_PAGE,
} from '#domain/ports/archive-store'
import { getCustomer, listCustomers, pageOrders } from './archive-lists'
import type { D1Db } from './db'
import { orderEvents, orderLines, orders } from './schema'

export class D1Archive implements ArchiveStore {
  constructor(private readonly db: D1Db) {}

  applyOrderEvent(event: OrderEvent): Promise<void> {
    return this.applyOrderEvents([event])
  }

  async applyOrderEvents(events: readonly OrderEvent[]): Promise<void> {
    if (events.length === 0) return
    const rows = events.map(archiveRows)
    const statements = [
      ...inserts(
        this.db,
        'order',
        rows.map((r) => r.order),
      ),
      ...inserts(
        this.db,
        'line',
        rows.flatMap((r) => r.lines),
      ),
      ...inserts(
        this.db,
        'event',
        rows.map((r) => r.event),
      ),
    ]
    // One batch is one transaction.
    await this.db.$client.batch(statements)
  }

  async getOrder(id: string): Promise<ArchivedOrder | null> {
    const [row] = await this.db.select().from(orders).where(eq(orders.id, id))
    if (!row) return null
    const lines = await this.db.select().from(orderLines).where(eq(orderLines.orderId, id))
    return assembleOrder(row, lines)
  }

  listOrdersByUser(userId: string, limit: number, cursor?: string): Promise<ArchivedOrderPage> {
    return this.page(eq(orders.userId, userId), limit, cursor)
  }

  listOrders(query: ArchiveListQuery): Promise<ArchivedOrderPage> {
    return pageOrders(this.db, undefined, query)
  }

  listCustomers(query: { limit: number; cursor?: string; q?: string }): Promise<CustomerPage> {
    return listCustomers(this.db, query)
  }

  getCustomer(userId: string): Promise<CustomerSummary | null> {
    return getCustomer(this.db, userId)
  }

  async archivedVersions(ids: readonly string[]): Promise<Map<string, number>> {
    const versions = new Map<string, number>()
    // D1 binds at most 100 values per statement.
    for (let i = 0; i < ids.length; i += 90) {
      const rows = await this.db
        .select({ id: orders.id, version: orders.version })
        .from(orders)
        .where(inArray(orders.id, ids.slice(i, i + 90)))
      for (const r of rows) versions.set(r.id, r.version)
    }
    return versions
  }

  async countOrders(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(orders)
    return row?.n ?? 0
  }

  async getOrderEvents(orderId: string): Promise<OrderEvent[]> {
    const rows = await this.db
      .select({ payload: orderEvents.payload })
      .from(orderEvents)
      .where(eq(orderEvents.orderId, orderId))
      .orderBy(asc(orderEvents.version))
    return rows.map((r) => r.payload as OrderEvent)
  }

  async anonymiseUser(userId: string, pseudonym: string): Promise<number> {
    // One batch is one transaction: the events first, while the orders still name the user.
    const [, changed] = await this.db.batch([
      this.db
        .update(orderEvents)
        .set({
          // Contact and addresses are personal data too: they go with the user.
          payload: sql`json_set(${orderEvents.payload}, '$.data.userId', ${pseudonym},
            '$.data.contact', NULL, '$.data.shippingAddress', NULL, '$.data.billingAddress', NULL)`,
        })
        .where(
          inArray(
            orderEvents.orderId,
            this.db.select({ id: orders.id }).from(orders).where(eq(orders.userId, userId)),
          ),
        ),
      this.db
        .update(orders)
        .set({
          userId: pseudonym,
          email: null,
          contact: null,
          shippingAddress: null,
          billingAddress: null,
        })
        .where(eq(orders.userId, userId))
        .returning({ id: orders.id }),
    ])
    return changed.length
  }

  /** A newest-first page of the orders matching `filter`, with their lines. */
  private async page(
    filter: SQL | undefined,
    limit: number,
    cursor?: string,
  ): Promise<ArchivedOrderPage> {
    const n = pageSize(limit, MAX_ARCHIVE_PAGE)
    const after = cursor === undefined ? undefined : decodeCursor(cursor)
    const page = await this.db
      .select()
      .from(orders)
      .where(
        and(
          filter,
          after &&
            or(
              lt(orders.createdAt, after.createdAt),
              and(eq(orders.createdAt, after.createdAt), lt(orders.id, after.id)),
            ),
        ),
      )
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(n + 1)
    const items = page.slice(0, n)
    const lines = items.length
      ? await this.db
          .select()
          .from(orderLines)
          .where(
            inArray(
              orderLines.orderId,
              items.map((o) => o.id),
            ),
          )
      : []
    const last = items.at(-1)
    return {
      items: items.map((o) => assembleOrder(o, lines)),
      nextCursor: page.length > n && last ? encodeCursor(last) : null,
    }
  }
}

/** A statement drizzle wrote once, its values left as placeholders named by column key. */
interface Template {
  sql: string
  params: unknown[]
}

/** D1 binds at most 100 values per statement. */
const MAX_BOUND_VALUES = 100

/**
 * The archive's three writes, each a multi-row insert of a batch's rows (as many per statement
 * as D1's 100 bound values allow), so a queue batch of 100 single-line events is 33 statements,
 * not 300. Every one is idempotent in any order of delivery, also within one statement: an order is
 * inserted, or updated only by a newer version (never its owner: a late event of a deleted
 * account's order must not put its user id back over the pseudonym), so two versions of one
 * order in one batch leave the newer; lines and the event are inserted once (the events
 * table, keyed by the event's id, is the record of every event processed).
 */
const TABLES = {
  order: orders,
  line: orderLines,
  event: orderEvents,
} as const

type Write = keyof typeof TABLES

/** The statement of `write` for `values` (rows of placeholders). */
function build(db: D1Db, write: Write, values: Record<string, unknown>[]) {
  switch (write) {
    case 'order': {
      const { id: _id, userId: _owner, ...updated } = getTableColumns(orders)
      return db
        .insert(orders)
        .values(values as never)
        .onConflictDoUpdate({
          target: orders.id,
          set: Object.fromEntries(
            Object.entries(updated).map(([key, c]) => [key, sql.raw(`excluded."${c.name}"`)]),
          ),
          setWhere: sql`${orders.version} < excluded."version"`,
        })
        .toSQL()
    }
    case 'line':
      return db
        .insert(orderLines)
        .values(values as never)
        .onConflictDoNothing()
        .toSQL()
    case 'event':
      return db
        .insert(orderEvents)
        .values(values as never)
        .onConflictDoNothing()
        .toSQL()
  }
}

/** A statement drizzle wrote, its values left as placeholders named `column.row`. */
interface Template {
  sql: string
  params: unknown[]
}

// Written by drizzle once per isolate, per write and row count, not once per event (the query
// builder cost a consumer about a third of a millisecond per order).
const templates = new WeakMap<D1Db, Map<string, Template>>()

function template(db: D1Db, write: Write, rows: number): Template {
  let byShape = templates.get(db)
  if (!byShape) {
    byShape = new Map()
    templates.set(db, byShape)
  }
  const key = `${write} ${rows}`
  let built = byShape.get(key)
  if (!built) {
    const columns = Object.keys(getTableColumns(TABLES[write]))
    const values = Array.from({ length: rows }, (_, i) =>
      Object.fromEntries(columns.map((c) => [c, sql.placeholder(`${c}.${i}`)])),
    )
    built = build(db, write, values)
    byShape.set(key, built)
  }
  return built
}

/** `rows` written by `write`, in as few statements as D1's bound-value limit allows. */
function inserts(db: D1Db, write: Write, rows: readonly object[]): D1PreparedStatement[] {
  const perStatement = Math.floor(
    MAX_BOUND_VALUES / Object.keys(getTableColumns(TABLES[write])).length,
  )
  const statements: D1PreparedStatement[] = []
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement)
    statements.push(bound(db, template(db, write, chunk.length), chunk))
  }
  return statements
}

/**
 * `template` with `rows` bound, each value mapped as its column maps it (JSON columns
 * stringified); an absent value is NULL, as drizzle's own insert writes it.
 */
function bound(db: D1Db, template: Template, rows: readonly object[]): D1PreparedStatement {
  const params = template.params.map((p) => {
    const placeholder = is(p, Param) ? p.value : p
    if (!is(placeholder, Placeholder)) return p
    const dot = placeholder.name.lastIndexOf('.')
    const row = rows[Number(placeholder.name.slice(dot + 1))] as Record<string, unknown>
    const value = row?.[placeholder.name.slice(0, dot)]
    if (value === undefined || value === null) return null
    return is(p, Param) ? p.encoder.mapToDriverValue(value) : value
  })
  return db.$client.prepare(template.sql).bind(...params)
}
