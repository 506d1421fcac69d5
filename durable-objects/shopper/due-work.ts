/**
 * @module Everything the shopper's one alarm does, over every order it holds: abandon stalled
 * checkouts, expire unpaid orders, retry stock settlement and sends, check the archive, retire
 * finished orders, forget old refused checkouts, then set the alarm to the next deadline.
 * `now` is a parameter so tests can look past a window (they call it through runInDurableObject;
 * the object exposes no RPC for it).
 */
import { orderEvent } from '#domain/orders/events'
import { databaseFor } from '../shared/ports'
import {
  archiveCheckMs,
  archivedVersions,
  FINISHED,
  nextCheckAt,
  RECHECK_MS,
  retentionMs,
  retirementDueAt,
} from './archive'
import { releaseCodes } from './checkout'
import { FIRST_RETRY_MS, type ShopperCore } from './core'
import { codesOf } from './discount-uses'
import { sweepForgotten } from './forget'
import { forgetLog, loggedType } from './order-log'
import {
  ordersWhere,
  purgeRefusedPlacements,
  saveOrder,
  savePlacement,
  stalledPlacements,
} from './orders-table'
import { enqueue, hasPendingEvents } from './outbox'

/** How long a refused checkout's answer is kept for retries with its key. */
const REFUSED_KEPT_MS = 86_400_000

export async function runDueWork(core: ShopperCore, now = Date.now()): Promise<void> {
  await settleLeftovers(core)
  for (const p of stalledPlacements(core.sql, now)) {
    savePlacement(core.sql, {
      ...p,
      state: 'done',
      result: { ok: false, code: 'placement_expired' },
    })
    // Holders of a stalled checkout are not known: roots release, and shards expire their own.
    await Promise.all([
      core.releaseLines(p.orderId, p.lines, {}),
      releaseCodes(core, codesOf(p.priced?.totals), p.orderId),
    ])
  }
  for (const row of ordersWhere(core.sql, "status = 'pending_payment' AND expires_at <= ?", now))
    await core.change(row.order.id, 'expired')
  // Every unsettled order, not only those due: one alarm serves them all.
  for (const row of ordersWhere(core.sql, 'settled = 0')) await core.settle(row.order.id)
  await core.outbox.flush(true)
  await confirmArchived(core, now)
  await retireFinished(core, now)
  await sweepForgotten(core, now)
  core.transaction(() => {
    // Their keys may come back: they must name new orders (order-ids.ts CheckoutIds).
    if (purgeRefusedPlacements(core.sql, now - REFUSED_KEPT_MS) > 0) core.ids.forgotPlacements()
  })
  await core.reschedule()
}

/**
 * The rows an earlier instance of the object left in the outbox (it stopped before the write that
 * deletes what it sent): the archive says which it holds; those are deleted, the rest sent.
 */
export async function settleLeftovers(core: ShopperCore): Promise<void> {
  const rows = core.outbox.leftovers()
  if (rows.length === 0) return
  const held = await archivedVersions(
    databaseFor(core.env()).archive,
    [...new Set(rows.map((r) => r.orderId))],
    'the events an earlier instance left are sent again',
    core.log,
  )
  core.outbox.settleLeftovers(rows, held)
}

/**
 * Asks the archive for every order whose check is due (and whose events have left the outbox:
 * while they wait there, the outbox retries them); sends the event again of each it lacks.
 */
export async function confirmArchived(core: ShopperCore, now: number): Promise<void> {
  core.transaction(() => core.outbox.forgetSent())
  const due = ordersWhere(core.sql, 'check_at <= ?', now).filter(
    (r) => !hasPendingEvents(core.sql, r.order.id),
  )
  if (due.length === 0) return
  const archive = databaseFor(core.env()).archive
  const held = await archivedVersions(
    archive,
    due.map((r) => r.order.id),
    'the orders are checked again later',
    core.log,
  )
  const delay = archiveCheckMs(core.env())
  let resent = 0
  core.transaction(() => {
    for (const row of due) {
      const version = held?.get(row.order.id) ?? (held ? 0 : undefined)
      if (version !== undefined && version >= row.order.version) {
        saveOrder(core.sql, { ...row, checkAt: null, checkAttempts: 0 })
        continue
      }
      const attempts = row.checkAttempts + 1
      saveOrder(core.sql, {
        ...row,
        checkAt: nextCheckAt(now, delay, attempts),
        checkAttempts: attempts,
      })
      if (version === undefined) continue
      core.log.warn('archive lacks the order; its event is sent again', {
        orderId: row.order.id,
        version: row.order.version,
        archived: version,
        attempts,
      })
      // Sent as the change that made this version (a partial refund keeps the status but is an
      // order.refunded), as the timeline recorded it.
      const type = loggedType(core.sql, row.order.id, row.order.version)
      enqueue(core.sql, orderEvent(row.order, crypto.randomUUID(), type), now + FIRST_RETRY_MS)
      resent++
    }
  })
  if (resent > 0) await core.outbox.flush(true)
}

/**
 * Retires finished orders past their window once the archive holds their current version: the
 * order leaves, and its idempotency record stays as a tombstone refusing the key. An order the
 * archive lacks is looked at again RECHECK_MS later.
 */
export async function retireFinished(core: ShopperCore, now: number): Promise<string[]> {
  core.transaction(() => core.outbox.forgetSent())
  const window = retentionMs(core.env())
  const finished = [...FINISHED].map((s) => `'${s}'`).join(', ')
  const due = ordersWhere(core.sql, `status IN (${finished}) AND settled = 1`).filter(
    (r) =>
      retirementDueAt(r.order, r.retireCheckAt, window) <= now &&
      !hasPendingEvents(core.sql, r.order.id),
  )
  if (due.length === 0) return []
  const held = await archivedVersions(
    databaseFor(core.env()).archive,
    due.map((r) => r.order.id),
    'retention looks again later',
    core.log,
  )
  const retired: string[] = []
  core.transaction(() => {
    for (const row of due) {
      const version = held?.get(row.order.id) ?? (held ? 0 : undefined)
      if (version === undefined || version < row.order.version) {
        saveOrder(core.sql, { ...row, retireCheckAt: now + RECHECK_MS })
        continue
      }
      core.sql.exec('DELETE FROM orders WHERE id = ?', row.order.id)
      forgetLog(core.sql, row.order.id)
      core.sql.exec(
        "UPDATE placements SET state = 'retired', lines = '', result = NULL WHERE idempotency_key = ?",
        row.idempotencyKey,
      )
      retired.push(row.order.id)
    }
  })
  for (const id of retired) core.log.info('order retired to the archive', { orderId: id })
  return retired
}
