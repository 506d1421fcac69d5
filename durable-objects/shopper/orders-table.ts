/** @module Rows of the Shopper object's orders and idempotency records (placements). */
import type { Order, PricedLine } from '#domain/orders/order'
import type { PlaceResult } from '#domain/orders/place'
import type { Totals } from '#domain/totals/totals'
import type { OrderParties } from './quote'

/** What a checkout was priced at, fixed before any stock or code use is held. */
export interface PlacementPricing {
  totals: Totals
  parties: OrderParties
}

/** The idempotency record of one checkout, by its key. */
export interface Placement {
  idempotencyKey: string
  requestHash: string
  orderId: string
  currency: string
  /** `placing` while reservations run (or stopped half-way), `done` once answered, `retired` once its order left. */
  state: 'placing' | 'done' | 'retired'
  lines: PricedLine[]
  /** Null for a placement written before checkouts carried a breakdown. */
  priced: PlacementPricing | null
  result: PlaceResult | null
  expiresAt: number
  createdAt: number
}

/** A live order and the work it still owes: stock to settle, an archive check, a retention check. */
export interface OrderRow {
  order: Order
  idempotencyKey: string
  /** The object that holds each line's reservation (a shard, for a sharded SKU), by SKU. */
  holders: Record<string, string>
  /** False until every reservation is committed (paid) or released (cancelled, expired). */
  settled: boolean
  settleAttempts: number
  settleRetryAt: number | null
  /** When to ask the archive whether it holds the current version; null once it does. */
  checkAt: number | null
  checkAttempts: number
  retireCheckAt: number | null
}

type PlacementRecord = {
  idempotency_key: string
  request_hash: string
  order_id: string
  currency: string
  state: string
  lines: string
  priced: string | null
  result: string | null
  expires_at: number
  created_at: number
}

function toPlacement(r: PlacementRecord): Placement {
  return {
    idempotencyKey: r.idempotency_key,
    requestHash: r.request_hash,
    orderId: r.order_id,
    currency: r.currency,
    state: r.state as Placement['state'],
    lines: r.lines ? JSON.parse(r.lines) : [],
    priced: r.priced ? JSON.parse(r.priced) : null,
    result: r.result === null ? null : JSON.parse(r.result),
    expiresAt: r.expires_at,
    createdAt: r.created_at,
  }
}

export function loadPlacement(sql: SqlStorage, key: string): Placement | null {
  const row = sql
    .exec<PlacementRecord>('SELECT * FROM placements WHERE idempotency_key = ?', key)
    .toArray()[0]
  return row ? toPlacement(row) : null
}

/** Placements whose reservations never finished and whose expiry has passed. */
export function stalledPlacements(sql: SqlStorage, now: number): Placement[] {
  return sql
    .exec<PlacementRecord>(
      "SELECT * FROM placements WHERE state = 'placing' AND expires_at <= ?",
      now,
    )
    .toArray()
    .map(toPlacement)
}

export function savePlacement(sql: SqlStorage, p: Placement): void {
  sql.exec(
    `INSERT INTO placements (idempotency_key, request_hash, order_id, currency, state, lines, priced,
       result, expires_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (idempotency_key) DO UPDATE SET state = excluded.state, result = excluded.result,
       lines = excluded.lines, priced = excluded.priced`,
    p.idempotencyKey,
    p.requestHash,
    p.orderId,
    p.currency,
    p.state,
    p.state === 'retired' ? '' : JSON.stringify(p.lines),
    // A finished checkout's order (or refusal) holds what it needs; the breakdown is not kept twice.
    p.state === 'placing' && p.priced ? JSON.stringify(p.priced) : null,
    p.result === null ? null : JSON.stringify(p.result),
    p.expiresAt,
    p.createdAt,
  )
}

/**
 * Forgets refused checkouts older than `before`: their keys were promised for 24 hours only.
 * Answers how many it forgot.
 */
export function purgeRefusedPlacements(sql: SqlStorage, before: number): number {
  const deleted = sql.exec(
    `DELETE FROM placements WHERE state = 'done' AND created_at < ?
       AND order_id NOT IN (SELECT id FROM orders)`,
    before,
  )
  deleted.toArray()
  return deleted.rowsWritten
}

type OrderRecord = {
  data: string
  idempotency_key: string
  holders: string
  settled: number
  settle_attempts: number
  settle_retry_at: number | null
  check_at: number | null
  check_attempts: number
  retire_check_at: number | null
}

function toOrderRow(r: OrderRecord): OrderRow {
  return {
    order: JSON.parse(r.data),
    idempotencyKey: r.idempotency_key,
    holders: JSON.parse(r.holders),
    settled: r.settled === 1,
    settleAttempts: r.settle_attempts,
    settleRetryAt: r.settle_retry_at,
    checkAt: r.check_at,
    checkAttempts: r.check_attempts,
    retireCheckAt: r.retire_check_at,
  }
}

export function loadOrder(sql: SqlStorage, id: string): OrderRow | null {
  const row = sql.exec<OrderRecord>('SELECT * FROM orders WHERE id = ?', id).toArray()[0]
  return row ? toOrderRow(row) : null
}

/** Rows chosen by a WHERE clause over the orders table (no user input in `where`). */
export function ordersWhere(
  sql: SqlStorage,
  where: string,
  ...args: SqlStorageValue[]
): OrderRow[] {
  return sql
    .exec<OrderRecord>(`SELECT * FROM orders WHERE ${where}`, ...args)
    .toArray()
    .map(toOrderRow)
}

/** Every order the object holds, newest first. */
export function allOrders(sql: SqlStorage): Order[] {
  return sql
    .exec<{ data: string }>('SELECT data FROM orders ORDER BY created_at DESC, id DESC')
    .toArray()
    .map((r) => JSON.parse(r.data) as Order)
}

export function saveOrder(sql: SqlStorage, row: OrderRow): void {
  const { order } = row
  sql.exec(
    `INSERT INTO orders (id, idempotency_key, data, status, units, created_at, updated_at, expires_at,
       holders, settled, settle_attempts, settle_retry_at, check_at, check_attempts, retire_check_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET data = excluded.data, status = excluded.status,
       updated_at = excluded.updated_at, holders = excluded.holders, settled = excluded.settled,
       settle_attempts = excluded.settle_attempts, settle_retry_at = excluded.settle_retry_at,
       check_at = excluded.check_at, check_attempts = excluded.check_attempts,
       retire_check_at = excluded.retire_check_at`,
    order.id,
    row.idempotencyKey,
    JSON.stringify(order),
    order.status,
    order.lines.reduce((n, l) => n + l.quantity, 0),
    order.createdAt,
    order.updatedAt,
    order.expiresAt,
    JSON.stringify(row.holders),
    row.settled ? 1 : 0,
    row.settleAttempts,
    row.settleRetryAt,
    row.checkAt,
    row.checkAttempts,
    row.retireCheckAt,
  )
}

/**
 * Orders awaiting payment or being placed, and the units they hold: what the limits count. One
 * statement (each is a round into SQLite on the checkout's path); a placement's units are the sum
 * of its lines' quantities.
 */
export function heldNow(sql: SqlStorage): { orders: number; units: number } {
  const held = sql
    .exec<{ n: number; u: number | null; pn: number; pu: number | null }>(
      `SELECT count(*) AS n, sum(units) AS u,
         (SELECT count(*) FROM placements WHERE state = 'placing') AS pn,
         (SELECT sum(json_extract(l.value, '$.quantity'))
            FROM placements AS p, json_each(p.lines) AS l WHERE p.state = 'placing') AS pu
       FROM orders WHERE status = 'pending_payment'`,
    )
    .one()
  return { orders: held.n + held.pn, units: (held.u ?? 0) + (held.pu ?? 0) }
}
