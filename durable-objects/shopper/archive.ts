/**
 * @module The shopper's orders and the archive (invariant 2). A while after each change the object
 * asks the archive whether it holds the order at its current version, and sends the event again
 * when it does not (the outbox guarantees the queue took an event; this guarantees the archive got
 * it). Finished orders leave the object once the archive holds them and their window has passed;
 * their idempotency record stays as a tombstone that refuses the key. One archive query serves
 * every order due at once.
 */

import type { Logger } from '#domain/log'
import type { Order, OrderStatus } from '#domain/orders/order'
import type { ArchiveStore } from '#domain/ports/archive-store'

const DAY_MS = 86_400_000
/** The default delay before the first check: the archive normally holds an order within seconds. */
const DEFAULT_CHECK_SECONDS = 600
/** The longest wait between two checks of one order while the archive stays behind or down. */
const MAX_CHECK_MS = 6 * 3_600_000
/** The default window: long enough for refunds of fulfilled orders and for support to look. */
const DEFAULT_RETENTION_DAYS = 90
/** When the archive does not hold a finished order yet, retention looks again this much later. */
export const RECHECK_MS = 3_600_000

/** States from which an order can no longer change on its own or by a shopper. */
export const FINISHED: ReadonlySet<OrderStatus> = new Set([
  'fulfilled',
  'cancelled',
  'expired',
  'refunded',
])

/** The variables these deadlines read. */
export interface ArchiveTimingEnv {
  ARCHIVE_CHECK_SECONDS?: string
  ORDER_RETENTION_DAYS?: string
}

/** ARCHIVE_CHECK_SECONDS (1 s .. 1 day) as milliseconds; missing or malformed means 10 minutes. */
export function archiveCheckMs(env: ArchiveTimingEnv): number {
  const s = Number(env.ARCHIVE_CHECK_SECONDS)
  if (!Number.isFinite(s) || s < 1) return DEFAULT_CHECK_SECONDS * 1_000
  return Math.min(86_400, s) * 1_000
}

/**
 * ORDER_RETENTION_DAYS as milliseconds: at least 1 day, so the idempotency record outlives its
 * promised 24 hours; a missing or malformed value means 90 days.
 */
export function retentionMs(env: ArchiveTimingEnv): number {
  const days = Number(env.ORDER_RETENTION_DAYS)
  if (!Number.isFinite(days) || days <= 0) return DEFAULT_RETENTION_DAYS * DAY_MS
  return Math.max(1, days) * DAY_MS
}

/** When the check after the `attempts`-th miss is due. */
export function nextCheckAt(now: number, delay: number, attempts: number): number {
  return now + Math.min(MAX_CHECK_MS, delay * 2 ** attempts)
}

/** When a finished, settled order may leave: its window's end, or a later recheck. */
export function retirementDueAt(
  order: Order,
  retireCheckAt: number | null,
  window: number,
): number {
  return Math.max(order.updatedAt + window, retireCheckAt ?? 0)
}

/**
 * The version of each order the archive holds (0: none), or undefined when the archive did not
 * answer; that is logged as `why` says, since the caller looks again later.
 */
export async function archivedVersions(
  archive: ArchiveStore,
  ids: string[],
  why: string,
  log: Logger,
): Promise<Map<string, number> | undefined> {
  try {
    return await archive.archivedVersions(ids)
  } catch (err) {
    log.warn(`archive not reachable; ${why}`, { orders: ids.length, error: err })
    return undefined
  }
}
