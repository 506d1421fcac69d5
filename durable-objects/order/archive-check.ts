/**
 * @module Archive confirmation (invariant 2): a while after each change, the order object asks
 * the archive whether it holds the order at its current version, and sends the order's event again
 * when it does not. The outbox guarantees the queue accepted an event; this guarantees the archive
 * got it, even if a queue lost it (a local queue broker keeps messages in memory) or the consumer
 * gave up on it.
 */
import type { Order } from '#domain/orders/order'
import type { ArchiveStore } from '#domain/ports/archive-store'
import { archivedVersion } from './archive'

/** The default delay before the first check: the archive normally holds an order within seconds. */
const DEFAULT_CHECK_SECONDS = 600
/** The longest wait between two checks of one order while the archive stays behind or down. */
const MAX_CHECK_MS = 6 * 3_600_000

/** ARCHIVE_CHECK_SECONDS (1 s .. 1 day) as milliseconds; missing or malformed means 10 minutes. */
export function archiveCheckMs(env: { ARCHIVE_CHECK_SECONDS?: string }): number {
  const s = Number(env.ARCHIVE_CHECK_SECONDS)
  if (!Number.isFinite(s) || s < 1) return DEFAULT_CHECK_SECONDS * 1_000
  return Math.min(86_400, s) * 1_000
}

export function migrateArchiveCheck(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS archive_check (
      id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL, check_at INTEGER NOT NULL,
      attempts INTEGER NOT NULL);`)
}

/** Expects the archive to hold `version` by `at`; called in the transaction that enqueues its event. */
export function expectArchived(sql: SqlStorage, version: number, at: number): void {
  sql.exec(
    `INSERT INTO archive_check (id, version, check_at, attempts) VALUES (1, ?, ?, 0)
     ON CONFLICT (id) DO UPDATE SET version = excluded.version, check_at = excluded.check_at,
       attempts = 0`,
    version,
    at,
  )
}

/** When the next check is due, or null when the archive is known to hold the order. */
export function archiveCheckDueAt(sql: SqlStorage): number | null {
  const row = sql.exec<{ check_at: number }>('SELECT check_at FROM archive_check WHERE id = 1')
  return row.toArray()[0]?.check_at ?? null
}

/** What a due check decided. */
export type CheckOutcome = 'not_due' | 'archived' | 'resend' | 'archive_unreachable'

/**
 * Runs the check when due: forgets it once the archive holds the current version; otherwise
 * pushes it back (doubling from `delay`, at most 6 hours) and answers `resend` (the caller queues
 * the order's event again) or `archive_unreachable` (nothing to send yet: the archive is down).
 */
export async function checkArchived(
  sql: SqlStorage,
  order: Order,
  now: number,
  delay: number,
  archive: ArchiveStore,
): Promise<CheckOutcome> {
  const row = sql
    .exec<{ version: number; check_at: number; attempts: number }>(
      'SELECT version, check_at, attempts FROM archive_check WHERE id = 1',
    )
    .toArray()[0]
  if (!row || now < row.check_at) return 'not_due'
  const held = await archivedVersion(archive, order.id, 'the order checks again later')
  if (held !== undefined && held >= order.version) {
    sql.exec('DELETE FROM archive_check WHERE id = 1')
    return 'archived'
  }
  const attempts = row.attempts + 1
  sql.exec(
    'UPDATE archive_check SET check_at = ?, attempts = ? WHERE id = 1',
    now + Math.min(MAX_CHECK_MS, delay * 2 ** attempts),
    attempts,
  )
  if (held === undefined) return 'archive_unreachable'
  console.warn(
    JSON.stringify({
      msg: 'archive lacks the order; its event is sent again',
      id: order.id,
      version: order.version,
      archived: held,
      attempts,
    }),
  )
  return 'resend'
}
