/** @module The SQLite of one DiscountCode object: its definition and the uses of its code, by order. */
import { Discount } from '#domain/discounts/discount'

/** Where one order's use of a code stands: held at checkout, given back, or kept once paid. */
export type UseStatus = 'reserved' | 'released' | 'committed'

/** One order's use of the code. `customerId` is null for a release that arrived before any reserve. */
export interface DiscountUse {
  orderId: string
  customerId: string | null
  status: UseStatus
  /** Unix ms after which an unpaid use may be released by the object's alarm. */
  expiresAt: number
  updatedAt: number
}

type UseRow = {
  order_id: string
  customer_id: string | null
  status: UseStatus
  expires_at: number
  updated_at: number
}

/** Creates the tables; idempotent, run under blockConcurrencyWhile at every start. */
export function migrate(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS definition (
      id INTEGER PRIMARY KEY CHECK (id = 1), discount TEXT NOT NULL, updated_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS uses (
      order_id TEXT PRIMARY KEY, customer_id TEXT,
      status TEXT NOT NULL CHECK (status IN ('reserved', 'released', 'committed')),
      expires_at INTEGER NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS uses_reserved ON uses (expires_at) WHERE status = 'reserved';
    CREATE INDEX IF NOT EXISTS uses_customer ON uses (customer_id) WHERE status != 'released';
    CREATE TABLE IF NOT EXISTS tally (
      id INTEGER PRIMARY KEY CHECK (id = 1), reserved INTEGER NOT NULL CHECK (reserved >= 0),
      committed INTEGER NOT NULL CHECK (committed >= 0));
    INSERT OR IGNORE INTO tally (id, reserved, committed) VALUES (1, 0, 0);`)
}

/** The stored definition, or undefined before the admin API defined it. */
export function loadDefinition(sql: SqlStorage): Discount | undefined {
  const row = sql.exec<{ discount: string }>('SELECT discount FROM definition').toArray()[0]
  // Parsed again on the way out so a definition written by an older schema fails loudly here.
  return row ? Discount.parse(JSON.parse(row.discount)) : undefined
}

export function saveDefinition(sql: SqlStorage, discount: Discount, now: number): void {
  sql.exec(
    `INSERT INTO definition (id, discount, updated_at) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET discount = excluded.discount, updated_at = excluded.updated_at`,
    JSON.stringify(discount),
    now,
  )
}

export function loadUse(sql: SqlStorage, orderId: string): DiscountUse | undefined {
  const row = sql.exec<UseRow>('SELECT * FROM uses WHERE order_id = ?', orderId).toArray()[0]
  return row && toUse(row)
}

/**
 * Writes one use and moves the tally from its status `before` (undefined for a new use) to its
 * new one, in the caller's transaction, so the tally always equals the rows it counts.
 */
export function writeUse(sql: SqlStorage, before: UseStatus | undefined, use: DiscountUse): void {
  const delta = (s: UseStatus) => (use.status === s ? 1 : 0) - (before === s ? 1 : 0)
  sql.exec(
    'UPDATE tally SET reserved = reserved + ?, committed = committed + ?',
    delta('reserved'),
    delta('committed'),
  )
  sql.exec(
    `INSERT INTO uses (order_id, customer_id, status, expires_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (order_id) DO UPDATE SET customer_id = excluded.customer_id,
       status = excluded.status, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
    use.orderId,
    use.customerId,
    use.status,
    use.expiresAt,
    use.updatedAt,
  )
}

/** Uses that count against the limits: reserved and committed, from the tally. */
export function loadTally(sql: SqlStorage): { reserved: number; committed: number } {
  return sql
    .exec<{ reserved: number; committed: number }>('SELECT reserved, committed FROM tally')
    .one()
}

/** Uses of one customer that count against the per-customer limit (reserved or committed). */
export function customerUses(sql: SqlStorage, customerId: string): number {
  return sql
    .exec<{ n: number }>(
      `SELECT COUNT(*) AS n FROM uses WHERE customer_id = ? AND status != 'released'`,
      customerId,
    )
    .one().n
}

/** Reserved uses whose expiry is at or before `cutoff`, oldest first. */
export function dueUses(sql: SqlStorage, cutoff: number, limit = 500): string[] {
  return sql
    .exec<{ order_id: string }>(
      `SELECT order_id FROM uses WHERE status = 'reserved' AND expires_at <= ?
       ORDER BY expires_at LIMIT ?`,
      cutoff,
      limit,
    )
    .toArray()
    .map((r) => r.order_id)
}

/** The earliest expiry of a reserved use, or null when none is held. */
export function nextExpiry(sql: SqlStorage): number | null {
  return sql
    .exec<{ at: number | null }>(`SELECT MIN(expires_at) AS at FROM uses WHERE status = 'reserved'`)
    .one().at
}

function toUse(row: UseRow): DiscountUse {
  return {
    orderId: row.order_id,
    customerId: row.customer_id,
    status: row.status,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
  }
}
