/** @module SQLite tables of an InventoryItem: the schema, the stock row, reservations and the ledger. */
import type {
  LedgerEntry,
  LedgerKind,
  Reservation,
  ReservationStatus,
  Stock,
  StockChange,
} from '#domain/inventory/stock'
import { emptyStock } from '#domain/inventory/stock'

/** A ledger line as stored: the entry plus its identity and time. */
export interface LedgerRow extends LedgerEntry {
  seq: number
  id: string
  sku: string
  occurredAt: number
  /** The operator's reason for a receipt or an adjustment; null for sales and reservations. */
  reason: string | null
}

type StockRow = {
  sku: string
  received: number
  adjusted: number
  sold: number
  reserved: number
  transferred: number
}
type ReservationRow = {
  id: string
  order_id: string | null
  quantity: number
  expires_at: number
  status: string
}

export function loadStock(sql: SqlStorage, sku: string): Stock {
  const row = sql
    .exec<StockRow>(
      'SELECT sku, received, adjusted, sold, reserved, transferred FROM stock WHERE id = 1',
    )
    .toArray()[0]
  return row ? { ...row } : emptyStock(sku)
}

export function loadReservation(sql: SqlStorage, id: string): Reservation | undefined {
  const row = sql
    .exec<ReservationRow>(
      'SELECT id, order_id, quantity, expires_at, status FROM reservations WHERE id = ?',
      id,
    )
    .toArray()[0]
  return row && toReservation(row)
}

/** Active reservations whose expiry is at or before `cutoff`. */
export function dueReservations(sql: SqlStorage, cutoff: number): Reservation[] {
  return sql
    .exec<ReservationRow>(
      `SELECT id, order_id, quantity, expires_at, status FROM reservations
       WHERE status = 'active' AND expires_at <= ? ORDER BY expires_at, id`,
      cutoff,
    )
    .toArray()
    .map(toReservation)
}

/** The earliest expiry among active reservations, or null when none is active. */
export function nextExpiry(sql: SqlStorage): number | null {
  return sql
    .exec<{ at: number | null }>(
      "SELECT min(expires_at) AS at FROM reservations WHERE status = 'active'",
    )
    .one().at
}

/** Writes a change; the caller runs it inside the operation's transaction. */
export function write(
  sql: SqlStorage,
  change: StockChange,
  now: number,
  reason: string | null,
): void {
  const s = change.stock
  sql.exec(
    `INSERT INTO stock (id, sku, received, adjusted, sold, reserved, transferred)
     VALUES (1, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET received = excluded.received, adjusted = excluded.adjusted,
       sold = excluded.sold, reserved = excluded.reserved, transferred = excluded.transferred`,
    s.sku,
    s.received,
    s.adjusted,
    s.sold,
    s.reserved,
    s.transferred,
  )
  for (const r of change.reservations) {
    sql.exec(
      `INSERT INTO reservations (id, order_id, quantity, expires_at, status, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
      r.id,
      r.orderId,
      r.quantity,
      r.expiresAt,
      r.status,
      now,
    )
  }
  for (const e of change.entries) {
    sql.exec(
      `INSERT INTO ledger (id, kind, quantity, reservation_id, order_id, on_hand_after,
         available_after, occurred_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      crypto.randomUUID(),
      e.kind,
      e.quantity,
      e.reservationId,
      e.orderId,
      e.onHandAfter,
      e.availableAfter,
      now,
      reason,
    )
  }
}

/** The latest `limit` ledger lines, oldest first. */
export function readLedger(sql: SqlStorage, sku: string, limit: number): LedgerRow[] {
  return sql
    .exec<{
      seq: number
      id: string
      kind: string
      quantity: number
      reservation_id: string | null
      order_id: string | null
      on_hand_after: number
      available_after: number
      occurred_at: number
      reason: string | null
    }>('SELECT * FROM (SELECT * FROM ledger ORDER BY seq DESC LIMIT ?) ORDER BY seq', limit)
    .toArray()
    .map((r) => ({
      seq: r.seq,
      id: r.id,
      sku,
      kind: r.kind as LedgerKind,
      quantity: r.quantity,
      reservationId: r.reservation_id,
      orderId: r.order_id,
      onHandAfter: r.on_hand_after,
      availableAfter: r.available_after,
      occurredAt: r.occurred_at,
      reason: r.reason,
    }))
}

function toReservation(row: ReservationRow): Reservation {
  return {
    id: row.id,
    orderId: row.order_id,
    quantity: row.quantity,
    expiresAt: row.expires_at,
    status: row.status as ReservationStatus,
  }
}
