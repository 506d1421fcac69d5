/** @module The shopper's live orders: ids of orders the archive may not hold yet, kept in their Cart. */

/** An order the shopper placed, by id and creation time (the order of the history list). */
export interface LiveOrderRef {
  id: string
  createdAt: number
}

const ORDER_ID = /^[0-9a-f]{64}$/

/** Creates the table; run under blockConcurrencyWhile with the cart's own tables. */
export function migrateLiveOrders(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS live_orders (
      id TEXT PRIMARY KEY, created_at INTEGER NOT NULL);`)
}

/** Refuses anything that is not an order id, so the index never holds junk to look up later. */
export function isOrderId(id: unknown): id is string {
  return typeof id === 'string' && ORDER_ID.test(id)
}

/** Records an order; recording it again changes nothing. */
export function trackOrder(sql: SqlStorage, ref: LiveOrderRef): void {
  sql.exec(
    'INSERT INTO live_orders (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING',
    ref.id,
    ref.createdAt,
  )
}

/** Every live order, newest first. */
export function liveOrders(sql: SqlStorage): LiveOrderRef[] {
  return sql
    .exec<{ id: string; created_at: number }>(
      'SELECT id, created_at FROM live_orders ORDER BY created_at DESC, id DESC',
    )
    .toArray()
    .map((r) => ({ id: r.id, createdAt: r.created_at }))
}

/** Drops orders the archive now holds. */
export function forgetOrders(sql: SqlStorage, ids: readonly string[]): void {
  for (const id of ids) sql.exec('DELETE FROM live_orders WHERE id = ?', id)
}
