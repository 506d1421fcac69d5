/** @module SQLite rows of an InventoryItem's shard transfers and of the SKU's sharding. */

/** A move of units between two objects of one SKU, as one side records it. */
export interface Transfer {
  id: string
  direction: 'in' | 'out'
  /** The other object's name. */
  peer: string
  /** Null while an incoming transfer waits for the sender's answer. */
  quantity: number | null
  state: 'pending' | 'done'
  attempts: number
}

type TransferRow = Omit<Transfer, 'direction' | 'state'> & { direction: string; state: string }

export function loadTransfer(sql: SqlStorage, id: string): Transfer | undefined {
  const row = sql
    .exec<TransferRow>(
      'SELECT id, direction, peer, quantity, state, attempts FROM transfers WHERE id = ?',
      id,
    )
    .toArray()[0]
  return row && toTransfer(row)
}

/** Every pending transfer, oldest first: one alarm or pull retries them all. */
export function pendingTransfers(sql: SqlStorage): Transfer[] {
  return sql
    .exec<TransferRow>(
      `SELECT id, direction, peer, quantity, state, attempts FROM transfers
       WHERE state = 'pending' ORDER BY created_at`,
    )
    .toArray()
    .map(toTransfer)
}

/** The earliest retry time of a pending transfer, or null when none is pending. */
export function nextTransferRetry(sql: SqlStorage): number | null {
  return sql
    .exec<{ at: number | null }>(
      "SELECT min(retry_at) AS at FROM transfers WHERE state = 'pending'",
    )
    .one().at
}

/** Records a transfer; the caller runs it in the transaction that moves the units, if any. */
export function saveTransfer(
  sql: SqlStorage,
  t: Transfer,
  now: number,
  retryAt: number | null = null,
) {
  sql.exec(
    `INSERT INTO transfers (id, direction, peer, quantity, state, retry_at, attempts, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET quantity = excluded.quantity, state = excluded.state,
       retry_at = excluded.retry_at, attempts = excluded.attempts`,
    t.id,
    t.direction,
    t.peer,
    t.quantity,
    t.state,
    retryAt,
    t.attempts,
    now,
  )
}

/** Units this object has sent that the receiver has not confirmed yet. */
export function unitsInTransit(sql: SqlStorage): number {
  return (
    sql
      .exec<{ n: number | null }>(
        "SELECT sum(quantity) AS n FROM transfers WHERE state = 'pending' AND direction = 'out'",
      )
      .one().n ?? 0
  )
}

/** How the SKU's stock is split: `shards` objects sell it, `span` is the most ever used. */
export interface Sharding {
  shards: number
  span: number
}

/**
 * The object's sharding as last read, per storage: only saveSharding writes the row, and it drops
 * this copy first, so a rolled-back write is read again rather than remembered.
 */
const shardingSeen = new WeakMap<SqlStorage, Sharding>()

/** How the SKU is split; read from SQLite once per object start and after each write. */
export function loadSharding(sql: SqlStorage): Sharding {
  const seen = shardingSeen.get(sql)
  if (seen) return { ...seen }
  const row = sql
    .exec<{ shards: number; span: number }>('SELECT shards, span FROM sharding WHERE id = 1')
    .toArray()[0]
  const sharding = row ? { shards: row.shards, span: row.span } : { shards: 0, span: 0 }
  shardingSeen.set(sql, sharding)
  return { ...sharding }
}

export function saveSharding(sql: SqlStorage, s: Sharding): void {
  shardingSeen.delete(sql)
  sql.exec(
    `INSERT INTO sharding (id, shards, span) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET shards = excluded.shards, span = excluded.span`,
    s.shards,
    s.span,
  )
}

function toTransfer(row: TransferRow): Transfer {
  return {
    ...row,
    direction: row.direction as Transfer['direction'],
    state: row.state as Transfer['state'],
  }
}
