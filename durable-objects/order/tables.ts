/**
 * @module SQLite tables of an Order object: the placement record, the order, its outbox and where
 * each line's stock is held.
 */
import type { OrderEvent } from '#domain/orders/events'
import type { Order } from '#domain/orders/order'
import type { PlaceOrderInput, PlaceResult } from '#domain/orders/place'

/** The idempotency record of the one placement this object exists for. */
export interface Placement {
  request: PlaceOrderInput
  /** `placing` while the reservation saga runs (or stopped half-way), `done` once answered. */
  state: 'placing' | 'done'
  result: PlaceResult | null
  expiresAt: number
  createdAt: number
}

/** The live order and whether the inventory already reflects its status. */
export interface OrderRow {
  order: Order
  /** False until every reservation is committed (paid) or released (cancelled, expired). */
  settled: boolean
  settleAttempts: number
  settleRetryAt: number | null
}

/** Creates the tables; run under blockConcurrencyWhile in the constructor. */
export function migrate(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS placement (
      id INTEGER PRIMARY KEY CHECK (id = 1), request TEXT NOT NULL, state TEXT NOT NULL,
      result TEXT, expires_at INTEGER NOT NULL, created_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS order_state (
      id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL, settled INTEGER NOT NULL,
      settle_attempts INTEGER NOT NULL, settle_retry_at INTEGER);
    CREATE TABLE IF NOT EXISTS outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0, retry_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS holders (sku TEXT PRIMARY KEY, holder TEXT NOT NULL);`)
}

/** Notes which inventory object holds a line's reservation (a shard, for a sharded SKU). */
export function saveHolder(sql: SqlStorage, sku: string, holder: string): void {
  sql.exec(
    'INSERT INTO holders (sku, holder) VALUES (?, ?) ON CONFLICT (sku) DO UPDATE SET holder = excluded.holder',
    sku,
    holder,
  )
}

/** The object holding each line's reservation; a SKU not listed is held by its own object. */
export function loadHolders(sql: SqlStorage): Map<string, string> {
  const rows = sql.exec<{ sku: string; holder: string }>('SELECT sku, holder FROM holders')
  return new Map(rows.toArray().map((r) => [r.sku, r.holder]))
}

export function loadPlacement(sql: SqlStorage): Placement | null {
  const row = sql
    .exec<{
      request: string
      state: string
      result: string | null
      expires_at: number
      created_at: number
    }>('SELECT request, state, result, expires_at, created_at FROM placement WHERE id = 1')
    .toArray()[0]
  if (!row) return null
  return {
    request: JSON.parse(row.request),
    state: row.state as Placement['state'],
    result: row.result === null ? null : JSON.parse(row.result),
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  }
}

export function savePlacement(sql: SqlStorage, p: Placement): void {
  sql.exec(
    `INSERT INTO placement (id, request, state, result, expires_at, created_at)
     VALUES (1, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET state = excluded.state, result = excluded.result`,
    JSON.stringify(p.request),
    p.state,
    p.result === null ? null : JSON.stringify(p.result),
    p.expiresAt,
    p.createdAt,
  )
}

export function loadOrder(sql: SqlStorage): OrderRow | null {
  const row = sql
    .exec<{
      data: string
      settled: number
      settle_attempts: number
      settle_retry_at: number | null
    }>('SELECT data, settled, settle_attempts, settle_retry_at FROM order_state WHERE id = 1')
    .toArray()[0]
  if (!row) return null
  return {
    order: JSON.parse(row.data),
    settled: row.settled === 1,
    settleAttempts: row.settle_attempts,
    settleRetryAt: row.settle_retry_at,
  }
}

export function saveOrder(sql: SqlStorage, row: OrderRow): void {
  sql.exec(
    `INSERT INTO order_state (id, data, settled, settle_attempts, settle_retry_at)
     VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET data = excluded.data, settled = excluded.settled,
       settle_attempts = excluded.settle_attempts, settle_retry_at = excluded.settle_retry_at`,
    JSON.stringify(row.order),
    row.settled ? 1 : 0,
    row.settleAttempts,
    row.settleRetryAt,
  )
}

/** Queues an event; `retryAt` is when the alarm sends it if the send right after fails. */
export function enqueue(sql: SqlStorage, event: OrderEvent, retryAt: number): void {
  sql.exec(
    'INSERT INTO outbox (id, body, retry_at) VALUES (?, ?, ?)',
    event.id,
    JSON.stringify(event),
    retryAt,
  )
}

/** The oldest `limit` outbox rows. */
export function outboxHead(sql: SqlStorage, limit: number) {
  return sql
    .exec<{ seq: number; body: string; attempts: number }>(
      'SELECT seq, body, attempts FROM outbox ORDER BY seq LIMIT ?',
      limit,
    )
    .toArray()
}

/** Rows are deleted only after the queue accepted them. */
export function deleteSent(sql: SqlStorage, lastSeq: number): void {
  sql.exec('DELETE FROM outbox WHERE seq <= ?', lastSeq)
}

/** Records a failed send: the next attempt waits longer each time. */
export function deferSend(sql: SqlStorage, lastSeq: number, retryAt: (attempts: number) => number) {
  for (const row of outboxHead(sql, 1_000).filter((r) => r.seq <= lastSeq)) {
    sql.exec(
      'UPDATE outbox SET attempts = ?, retry_at = ? WHERE seq = ?',
      row.attempts + 1,
      retryAt(row.attempts + 1),
      row.seq,
    )
  }
}

/** When the outbox next needs the alarm, or null when it is empty. */
export function outboxDueAt(sql: SqlStorage): number | null {
  return sql.exec<{ at: number | null }>('SELECT min(retry_at) AS at FROM outbox').one().at
}
