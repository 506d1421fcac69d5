/** @module The shopper's side of the inventory saga: reserve every line, then commit or release. */

import { AppError } from '#domain/errors'
import { errorMessage } from '#domain/log'
import type { PricedLine } from '#domain/orders/order'
import type { Shortfall, SkuLimit } from '#domain/orders/place'
import type { Inventory } from '../inventory-item/adapter'

/** One reservation per order line, so every saga step can be retried without holding twice. */
export function reservationId(orderId: string, sku: string): string {
  return `${orderId}:${sku}`
}

/** What reserving every line came to: the SKUs that fell short, and any call that failed. */
export interface ReserveAllOutcome {
  shortfalls: Shortfall[]
  /** Lines refused by a SKU's per-customer purchase limit. */
  limits: SkuLimit[]
  failure: unknown
}

/**
 * Reserves every line at once; each call is idempotent per reservation id. `held` records, as
 * soon as each answer arrives, which object holds the line, for its commit or release later, and
 * until when (a hold made by an earlier attempt keeps its own expiry).
 */
export async function reserveAll(
  inventory: Inventory,
  orderId: string,
  lines: readonly PricedLine[],
  expiresAt: number,
  held: (sku: string, holder: string, until: number) => void,
  customerId: string,
): Promise<ReserveAllOutcome> {
  const outcomes = await Promise.allSettled(
    lines.map(async (l) => {
      const answer = await inventory.reserve(l.sku, {
        reservationId: reservationId(orderId, l.sku),
        quantity: l.quantity,
        expiresAt,
        orderId,
        customerId,
      })
      if (answer.reserved) held(l.sku, answer.holder, answer.reservation.expiresAt)
      return answer
    }),
  )
  const shortfalls: Shortfall[] = []
  const limits: SkuLimit[] = []
  let failure: unknown = null
  outcomes.forEach((o, i) => {
    const line = lines[i] as PricedLine
    if (o.status === 'rejected') failure = o.reason
    else if (!o.value.reserved && o.value.limit)
      limits.push({ sku: line.sku, requested: line.quantity, ...o.value.limit })
    else if (!o.value.reserved)
      shortfalls.push({ sku: line.sku, requested: line.quantity, available: o.value.available })
  })
  return { shortfalls, limits, failure }
}

/** A line whose commit or release did not go through, and whether trying again can help. */
export interface SettleFailure {
  sku: string
  message: string
  retryable: boolean
}

/**
 * Commits (paid) or releases (cancelled, expired, rejected) every line's reservation at the
 * object that holds it (`holders`; the SKU's own object when not listed).
 */
export async function settleAll(
  inventory: Inventory,
  orderId: string,
  lines: readonly PricedLine[],
  action: 'commit' | 'release',
  holders: ReadonlyMap<string, string>,
): Promise<SettleFailure[]> {
  const outcomes = await Promise.allSettled(
    lines.map((l) =>
      inventory[action](l.sku, reservationId(orderId, l.sku), holders.get(l.sku) ?? l.sku),
    ),
  )
  return outcomes.flatMap((o, i) => {
    if (o.status === 'fulfilled') return []
    const err = o.reason
    // A refusal (an AppError from the item) is final; anything else is the call itself failing.
    const retryable = !(err instanceof AppError) || err.code === 'upstream_unavailable'
    return [{ sku: (lines[i] as PricedLine).sku, message: errorMessage(err), retryable }]
  })
}
