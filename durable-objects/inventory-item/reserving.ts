/**
 * @module Reserving at one object of a SKU: a shard refills from the root when short, a sharded
 * root redirects or gathers, and the per-customer limit is checked in the reserving transaction.
 */
import { type ReserveRequest, reserve } from '#domain/inventory/reservations'
import { levels, type Reservation } from '#domain/inventory/stock'
import type { ItemCore } from './item-core'
import { countHold, type LimitReached, limitReached, loadLimit } from './purchase-limits'
import { loadReservation } from './store'
import { loadSharding, type Sharding } from './transfer-store'
import type { ShardTransfers } from './transfers'

/**
 * The answer to a reservation request: held (or already held), or the shortfall. The root of a
 * sharded SKU answers a direct request with `sharding` instead, naming the shards to ask.
 */
export type ReserveResult =
  | { reserved: true; reservation: Reservation; available: number }
  | {
      reserved: false
      requested: number
      available: number
      sharding?: Sharding
      /** Set when the SKU's per-customer limit, not its stock, refused the units. */
      limit?: LimitReached
    }

/**
 * `direct`: the caller believes the SKU unsharded (the root redirects it if not). `last-resort`:
 * every shard was short; the root sells from its pool, gathering the shards' units for an order
 * of more than one unit that no single shard could hold.
 */
export type ReserveMode = 'direct' | 'last-resort'

/**
 * Holds units for a reservation id; idempotent per id; a shortfall is an answer, not an error.
 * A shard short of units first pulls a slice of the root's pool; a sharded root redirects
 * `direct` requests to its shards (ReserveMode).
 */
export async function reserveUnits(
  core: ItemCore,
  transfers: ShardTransfers,
  request: ReserveRequest,
  mode: ReserveMode,
): Promise<ReserveResult> {
  const short = () => core.snapshot().available < request.quantity
  // An unsharded root (the common case) goes straight to its transaction: nothing to move first.
  const { shards, span } = core.shard === 0 ? loadSharding(core.sql) : { shards: 0, span: 0 }
  const plain = core.shard === 0 && shards === 0 && span === 0
  const known = !plain && loadReservation(core.sql, request.reservationId) !== undefined
  if (!known && core.shard > 0 && short()) await transfers.refill(request.quantity)
  if (!known && core.shard === 0 && !plain) {
    if (shards > 0 && mode === 'direct')
      return {
        reserved: false,
        requested: request.quantity,
        available: 0,
        sharding: { shards, span },
      }
    // Units may sit in shards no longer probed (sharding stopped), or be split too finely
    // for an order of several: gather them first rather than refuse a sale the SKU can make.
    const gatherFirst = shards === 0 || (mode === 'last-resort' && request.quantity > 1)
    if (span > 0 && gatherFirst && short()) await transfers.gather()
  }
  let result: ReserveResult | undefined
  let counted = false
  await core.apply(
    (stock) => {
      const existing = loadReservation(core.sql, request.reservationId)
      // Checked in the transaction that reserves: no concurrent request can pass the limit.
      const limit = existing ? null : limitReached(core.sql, request.customerId, request.quantity)
      if (limit) {
        const { available } = levels(stock)
        result = { reserved: false, requested: request.quantity, available, limit }
        return { stock, reservations: [], entries: [] }
      }
      const outcome = reserve(stock, existing, request)
      counted = outcome.ok && !existing && loadLimit(core.sql) !== null
      if (!outcome.ok) {
        result = { reserved: false, requested: outcome.requested, available: outcome.available }
        return { stock, reservations: [], entries: [] }
      }
      result = {
        reserved: true,
        reservation: outcome.reservation,
        available: levels(outcome.change.stock).available,
      }
      return outcome.change
    },
    undefined,
    () => {
      if (counted && request.customerId)
        countHold(core.sql, request.reservationId, request.customerId, request.quantity)
    },
  )
  return result as ReserveResult
}
