/**
 * @module Per-customer purchase limits of a SKU ("at most 2 per customer" for a drop), kept and
 * enforced by the SKU's own object in the transaction that reserves, so no concurrency can pass
 * them. A customer's count is the units they hold plus the units they bought while the limit was
 * set; a released or expired reservation gives its units back, a refund does not. A limited SKU
 * is never sharded (every reservation reaches this one object), and a sharded SKU takes no limit.
 */
import { AppError } from '#domain/errors'

/** The largest limit an admin can set. */
export const MAX_PER_CUSTOMER = 1_000

/**
 * The limit as last read, per storage: only saveLimit writes it, and it drops this copy first, so
 * a rolled-back write is read again rather than remembered.
 */
const limitSeen = new WeakMap<SqlStorage, { perCustomer: number | null }>()

/** The SKU's limit per customer, or null when there is none (read once per object start and write). */
export function loadLimit(sql: SqlStorage): number | null {
  const seen = limitSeen.get(sql)
  if (seen) return seen.perCustomer
  const perCustomer =
    sql
      .exec<{ per_customer: number }>('SELECT per_customer FROM purchase_limit WHERE id = 1')
      .toArray()[0]?.per_customer ?? null
  limitSeen.set(sql, { perCustomer })
  return perCustomer
}

/** Sets (or with null removes) the limit; refuses values outside 1..MAX_PER_CUSTOMER. */
export function saveLimit(sql: SqlStorage, perCustomer: number | null): void {
  limitSeen.delete(sql)
  if (perCustomer === null) {
    sql.exec('DELETE FROM purchase_limit')
    return
  }
  if (!Number.isInteger(perCustomer) || perCustomer < 1 || perCustomer > MAX_PER_CUSTOMER)
    throw new AppError('validation_failed', `perCustomer must be an integer 1..${MAX_PER_CUSTOMER}`)
  sql.exec(
    `INSERT INTO purchase_limit (id, per_customer) VALUES (1, ?)
     ON CONFLICT (id) DO UPDATE SET per_customer = excluded.per_customer`,
    perCustomer,
  )
}

/** Units `customer` holds or bought under the limit. */
export function customerUnits(sql: SqlStorage, customer: string): number {
  return (
    sql
      .exec<{ units: number }>('SELECT units FROM customer_units WHERE customer_id = ?', customer)
      .toArray()[0]?.units ?? 0
  )
}

/** What a refusal by the limit says: the limit and what the customer already has. */
export interface LimitReached {
  perCustomer: number
  used: number
}

/**
 * Null when `customer` may take `quantity` more units, else what the limit is. A limited SKU
 * refuses a reservation that names no customer.
 */
export function limitReached(
  sql: SqlStorage,
  customer: string | undefined,
  quantity: number,
): LimitReached | null {
  const perCustomer = loadLimit(sql)
  if (perCustomer === null) return null
  const used = customer ? customerUnits(sql, customer) : perCustomer
  return used + quantity > perCustomer ? { perCustomer, used } : null
}

/** Counts a new reservation against its customer; run in the reserving transaction. */
export function countHold(
  sql: SqlStorage,
  reservationId: string,
  customer: string,
  quantity: number,
): void {
  sql.exec(
    'INSERT INTO reservation_customers (reservation_id, customer_id, quantity) VALUES (?, ?, ?)',
    reservationId,
    customer,
    quantity,
  )
  sql.exec(
    `INSERT INTO customer_units (customer_id, units) VALUES (?, ?)
     ON CONFLICT (customer_id) DO UPDATE SET units = units + excluded.units`,
    customer,
    quantity,
  )
}

/**
 * Gives the units of these reservations back to their customers when they were released or
 * expired; once per reservation, so repeats change nothing. Run in the same transaction.
 */
export function returnHolds(sql: SqlStorage, reservationIds: readonly string[]): void {
  for (const id of reservationIds) {
    const row = sql
      .exec<{ customer_id: string; quantity: number }>(
        `SELECT rc.customer_id, rc.quantity FROM reservation_customers rc
         JOIN reservations r ON r.id = rc.reservation_id
         WHERE rc.reservation_id = ? AND rc.returned = 0 AND r.status IN ('released', 'expired')`,
        id,
      )
      .toArray()[0]
    if (!row) continue
    sql.exec('UPDATE reservation_customers SET returned = 1 WHERE reservation_id = ?', id)
    sql.exec(
      'UPDATE customer_units SET units = max(0, units - ?) WHERE customer_id = ?',
      row.quantity,
      row.customer_id,
    )
  }
}
