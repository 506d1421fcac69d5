/**
 * @module Each live order's timeline in the Shopper's SQLite: one row per change (placed, paid,
 * each refund, …) written in the change's own transaction, so staff see a change the moment it
 * is answered, not once the queue has archived it. Retiring an order deletes its rows; the archive
 * keeps the same events (order_events), which the admin detail reads after retention.
 */
import type { OrderEventType } from '#domain/orders/events'
import type { Order } from '#domain/orders/order'
import { changeDetail, type TimelineEntry } from '#domain/orders/timeline'

export type { TimelineEntry }

/** Appends the change that brought `order` to its version (call inside the change's transaction). */
export function logChange(sql: SqlStorage, order: Order, type: OrderEventType): void {
  const detail = changeDetail(order, type)
  sql.exec(
    `INSERT INTO order_log (order_id, version, type, status, at, detail) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (order_id, version) DO NOTHING`,
    order.id,
    order.version,
    type,
    order.status,
    order.updatedAt,
    detail === null ? null : JSON.stringify(detail),
  )
}

/** The order's timeline, oldest first. */
export function timeline(sql: SqlStorage, orderId: string): TimelineEntry[] {
  return sql
    .exec<{ version: number; type: string; status: string; at: number; detail: string | null }>(
      'SELECT version, type, status, at, detail FROM order_log WHERE order_id = ? ORDER BY version',
      orderId,
    )
    .toArray()
    .map((r) => ({
      version: r.version,
      type: r.type as OrderEventType,
      status: r.status as Order['status'],
      at: r.at,
      detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
    }))
}

/** Forgets a retired order's timeline (the archive has its events). */
export function forgetLog(sql: SqlStorage, orderId: string): void {
  sql.exec('DELETE FROM order_log WHERE order_id = ?', orderId)
}

/** The event type of the change that brought the order to `version`, or undefined if not logged. */
export function loggedType(
  sql: SqlStorage,
  orderId: string,
  version: number,
): OrderEventType | undefined {
  const row = sql
    .exec<{ type: string }>(
      'SELECT type FROM order_log WHERE order_id = ? AND version = ?',
      orderId,
      version,
    )
    .toArray()[0]
  return row?.type as OrderEventType | undefined
}
