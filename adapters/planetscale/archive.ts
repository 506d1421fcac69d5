/** @module The order archive on PlanetScale. */
import { and, asc, count, desc, eq, inArray, lt, or, type SQL, sql } from 'drizzle-orm'
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
import type { PlanetScaleDb } from './db'
import { orderEvents, orderLines, orders } from './schema'
import { guard } from './upstream'

// `ON DUPLICATE KEY UPDATE id = id` makes an insert idempotent on every unique key without
// hiding other errors, as INSERT IGNORE would.
const keep = { set: { id: sql`id` } }

export class PlanetScaleArchive implements ArchiveStore {
  constructor(private readonly db: PlanetScaleDb) {}

  applyOrderEvent(event: OrderEvent): Promise<void> {
    return this.applyOrderEvents([event])
  }

  /**
   * One transaction of three multi-row inserts for the whole batch, plus one guarded update per
   * event past an order's first version: a queue batch of 100 placed orders is five round trips
   * (with BEGIN and COMMIT), not 402. Idempotent in any order of delivery, also within one batch:
   * an order is inserted if absent, then moved only by a newer version (never its owner: a late
   * event of a deleted account's order must not put its user id back over the pseudonym); lines
   * and events are inserted once. Insert-if-absent then update-if-newer, not one upsert: MySQL
   * applies an upsert's assignments left to right, so a guarded `version` column would change
   * under the guards after it. A version-1 row needs no update: no stored version is older.
   */
  applyOrderEvents(events: readonly OrderEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve()
    const rows = events.map(archiveRows)
    return guard(() =>
      this.db.transaction(async (tx) => {
        await tx
          .insert(orders)
          .values(rows.map((r) => r.order))
          .onDuplicateKeyUpdate(keep)
        const lines = rows.flatMap((r) => r.lines)
        if (lines.length > 0)
          await tx
            .insert(orderLines)
            .values(lines)
            .onDuplicateKeyUpdate({ set: { orderId: sql`order_id` } })
        await tx
          .insert(orderEvents)
          .values(rows.map((r) => r.event))
          .onDuplicateKeyUpdate(keep)
        for (const { order } of rows) {
          if (order.version === 1) continue
          const { id, version, userId: _owner, ...fields } = order
          await tx
            .update(orders)
            .set({ ...fields, version })
            .where(and(eq(orders.id, id), lt(orders.version, version)))
        }
      }),
    )
  }

  getOrder(id: string): Promise<ArchivedOrder | null> {
    return guard(async () => {
      const [row] = await this.db.select().from(orders).where(eq(orders.id, id))
      if (!row) return null
      const lines = await this.db.select().from(orderLines).where(eq(orderLines.orderId, id))
      return assembleOrder(row, lines)
    })
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

  archivedVersions(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return Promise.resolve(new Map())
    return guard(async () => {
      const rows = await this.db
        .select({ id: orders.id, version: orders.version })
        .from(orders)
        .where(inArray(orders.id, [...ids]))
      return new Map(rows.map((r) => [r.id, r.version]))
    })
  }

  countOrders(): Promise<number> {
    return guard(async () => {
      const [row] = await this.db.select({ n: count() }).from(orders)
      return Number(row?.n ?? 0)
    })
  }

  getOrderEvents(orderId: string): Promise<OrderEvent[]> {
    return guard(async () => {
      const rows = await this.db
        .select({ payload: orderEvents.payload })
        .from(orderEvents)
        .where(eq(orderEvents.orderId, orderId))
        .orderBy(asc(orderEvents.version))
      return rows.map((r) => r.payload as OrderEvent)
    })
  }

  anonymiseUser(userId: string, pseudonym: string): Promise<number> {
    return guard(() =>
      this.db.transaction(async (tx) => {
        // The events first, while the orders still name the user.
        const mine = tx.select({ id: orders.id }).from(orders).where(eq(orders.userId, userId))
        const ids = (await mine).map((o) => o.id)
        if (ids.length === 0) return 0
        await tx
          .update(orderEvents)
          .set({
            // Contact and addresses are personal data too: they go with the user.
            payload: sql`JSON_SET(${orderEvents.payload}, '$.data.userId', ${pseudonym},
              '$.data.contact', NULL, '$.data.shippingAddress', NULL, '$.data.billingAddress', NULL)`,
          })
          .where(inArray(orderEvents.orderId, ids))
        await tx
          .update(orders)
          .set({
            userId: pseudonym,
            email: null,
            contact: null,
            shippingAddress: null,
            billingAddress: null,
          })
          .where(inArray(orders.id, ids))
        return ids.length
      }),
    )
  }

  /** A newest-first page of the orders matching `filter`, with their lines. */
  private async page(
    filter: SQL | undefined,
    limit: number,
    cursor?: string,
  ): Promise<ArchivedOrderPage> {
    const n = pageSize(limit, MAX_ARCHIVE_PAGE)
    const after = cursor === undefined ? undefined : decodeCursor(cursor)
    return guard(async () => {
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
    })
  }
}
