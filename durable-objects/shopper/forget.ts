/**
 * @module Account deletion as the shopper's object sees it. Finished orders stay in the object for
 * their retention window and can still change (an admin refund, an archive check that sends the
 * event again); each such event would carry the deleted user's id back into the archive. So the
 * object takes the pseudonym the archive uses: every order it holds, every unanswered event in its
 * outbox and every stored checkout answer is rewritten to it, without contact or addresses, in
 * one transaction, and the cart and the saved addresses are emptied. An event the queue took before that may still reach the archive under the old id after
 * the account's orders were pseudonymised there; one more pass over the archive a while later
 * (ARCHIVE_CHECK_SECONDS, retried until it succeeds) catches it.
 */
import { databaseFor } from '../shared/ports'
import { archiveCheckMs } from './archive'
import type { ShopperCore } from './core'
import { retryAt } from './outbox'

type Forgotten = { pseudonym: string; sweep_at: number | null; sweep_attempts: number }

function forgotten(sql: SqlStorage): Forgotten | null {
  return sql.exec<Forgotten>('SELECT * FROM forgotten').toArray()[0] ?? null
}

/** The pseudonym this shopper's orders now carry, or null while the account exists. */
export function pseudonymOf(sql: SqlStorage): string | null {
  return forgotten(sql)?.pseudonym ?? null
}

/**
 * Rewrites the object's orders, outbox and stored answers to `pseudonym` and empties the cart and the saved addresses.
 * Idempotent: a second call (a retried deletion) keeps the first pseudonym and returns it.
 */
export async function forget(core: ShopperCore, pseudonym: string): Promise<string> {
  const earlier = forgotten(core.sql)
  if (earlier) return earlier.pseudonym
  const sweepAt = Date.now() + archiveCheckMs(core.env())
  core.transaction(() => {
    const sql = core.sql
    // The owner becomes the pseudonym; contact and addresses go, as in the archive (the
    // breakdown stays for the books).
    const scrub = (doc: string, at: string) =>
      `json_set(${doc}, '${at}.userId', ?, '${at}.contact', json('null'), '${at}.shippingAddress', json('null'), '${at}.billingAddress', json('null'))`
    sql.exec(`UPDATE orders SET data = ${scrub('data', '$')}`, pseudonym)
    sql.exec(
      `UPDATE placements SET result = ${scrub('result', '$.order')} WHERE json_extract(result, '$.order.userId') IS NOT NULL`,
      pseudonym,
    )
    sql.exec("UPDATE placements SET priced = NULL WHERE state <> 'placing'")
    sql.exec(`UPDATE outbox SET body = ${scrub('body', '$.data')}`, pseudonym)
    sql.exec('DELETE FROM cart_items')
    sql.exec('DELETE FROM addresses')
    sql.exec(
      'INSERT INTO forgotten (pseudonym, sweep_at, sweep_attempts) VALUES (?, ?, 0)',
      pseudonym,
      sweepAt,
    )
  })
  await core.alarmBy(sweepAt)
  return pseudonym
}

/** The archive pass of a deleted account, when due; a failure is tried again later. */
export async function sweepForgotten(core: ShopperCore, now: number): Promise<void> {
  const row = forgotten(core.sql)
  if (!row || row.sweep_at === null || row.sweep_at > now) return
  try {
    const n = await databaseFor(core.env()).archive.anonymiseUser(core.shopper, row.pseudonym)
    core.sql.exec('UPDATE forgotten SET sweep_at = NULL, sweep_attempts = 0')
    if (n > 0)
      core.log.info('late archived orders of a deleted account pseudonymised', { orders: n })
  } catch (err) {
    const attempts = row.sweep_attempts + 1
    core.sql.exec(
      'UPDATE forgotten SET sweep_at = ?, sweep_attempts = ?',
      retryAt(now, attempts),
      attempts,
    )
    core.log.warn('archive not reachable; the deleted account is swept again later', {
      error: err,
    })
  }
}
