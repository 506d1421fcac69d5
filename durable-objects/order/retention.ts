/**
 * @module Retention: a finished order leaves its object once the archive holds it and its window
 * has passed, so live objects hold live orders only and history is read from the archive.
 */
import { AppError } from '#domain/errors'
import type { Order, OrderStatus } from '#domain/orders/order'
import type { ArchiveStore } from '#domain/ports/archive-store'
import { type ArchiveEnv, archivedVersion } from './archive'
import { loadPlacement, outboxDueAt } from './tables'

const DAY_MS = 86_400_000
/** The default window: long enough for refunds of fulfilled orders and for support to look. */
const DEFAULT_RETENTION_DAYS = 90
/** When the archive does not hold the order yet (it lags, or is down), look again this much later. */
export const RECHECK_MS = 3_600_000

/** States from which an order can no longer change on its own or by a shopper. */
const FINISHED: ReadonlySet<OrderStatus> = new Set([
  'fulfilled',
  'cancelled',
  'expired',
  'refunded',
])

/** The bindings retention reads: the window, and the archive (as the Workers choose it). */
export interface RetentionEnv extends ArchiveEnv {
  ORDER_RETENTION_DAYS?: string
}

/**
 * ORDER_RETENTION_DAYS as milliseconds: at least 1 day, so the idempotency record outlives its
 * promised 24 hours; a missing or malformed value means 90 days.
 */
export function retentionMs(env: Pick<RetentionEnv, 'ORDER_RETENTION_DAYS'>): number {
  const days = Number(env.ORDER_RETENTION_DAYS)
  if (!Number.isFinite(days) || days <= 0) return DEFAULT_RETENTION_DAYS * DAY_MS
  return Math.max(1, days) * DAY_MS
}

export function migrateRetention(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS retention (
      id INTEGER PRIMARY KEY CHECK (id = 1), check_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS retired (
      id INTEGER PRIMARY KEY CHECK (id = 1), order_id TEXT NOT NULL, user_id TEXT NOT NULL,
      idempotency_key TEXT NOT NULL, request_hash TEXT NOT NULL, version INTEGER NOT NULL,
      retired_at INTEGER NOT NULL);`)
}

/** True once the order has left this object. */
export function isRetired(sql: SqlStorage): boolean {
  return sql.exec('SELECT 1 FROM retired WHERE id = 1').toArray().length > 0
}

/**
 * Refuses a placement under a key whose order has left: the object (and so the order id) belongs
 * to that order for good, and a second order under one id would collide with it in the archive.
 */
export function refuseIfRetired(sql: SqlStorage): void {
  if (isRetired(sql))
    throw new AppError(
      'idempotency_key_reused',
      'this key placed an order that has since been archived; use a new key',
    )
}

/**
 * When this object should next look at retiring `order`: its window's end, or a later recheck;
 * null while the order is not finished or still has work (stock to settle, events to send).
 */
export function retirementDueAt(
  sql: SqlStorage,
  order: Order,
  settled: boolean,
  window: number,
): number | null {
  if (!FINISHED.has(order.status) || !settled || outboxDueAt(sql) !== null) return null
  const recheck = sql
    .exec<{ check_at: number }>('SELECT check_at FROM retention WHERE id = 1')
    .toArray()[0]
  return Math.max(order.updatedAt + window, recheck?.check_at ?? 0)
}

/**
 * Retires the order when due and the archive holds its current version: deletes the order, its
 * placement, outbox and stock holders, keeping a tombstone of who placed it under which key.
 * Otherwise records when to look again. True when the order left.
 */
export async function retireIfDue(
  sql: SqlStorage,
  transaction: <T>(work: () => T) => T,
  row: { order: Order; settled: boolean },
  now: number,
  window: number,
  archive: ArchiveStore,
): Promise<boolean> {
  const due = retirementDueAt(sql, row.order, row.settled, window)
  if (due === null || now < due) return false
  const { order } = row
  const archived = await archivedVersion(archive, order.id, 'retention looks again later')
  if (archived === undefined || archived < order.version) {
    sql.exec(
      'INSERT INTO retention (id, check_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET check_at = excluded.check_at',
      now + RECHECK_MS,
    )
    return false
  }
  const placement = loadPlacement(sql)
  transaction(() => {
    sql.exec(
      `INSERT INTO retired (id, order_id, user_id, idempotency_key, request_hash, version, retired_at)
       VALUES (1, ?, ?, ?, ?, ?, ?)`,
      order.id,
      order.userId,
      placement?.request.idempotencyKey ?? '',
      placement?.request.requestHash ?? '',
      order.version,
      now,
    )
    for (const table of [
      'order_state',
      'placement',
      'outbox',
      'holders',
      'retention',
      'archive_check',
    ])
      sql.exec(`DELETE FROM ${table}`)
  })
  console.info(
    JSON.stringify({ msg: 'order retired to the archive', id: order.id, version: order.version }),
  )
  return true
}
