/** @module Stock of one SKU: its totals, receiving and adjusting (pure; reservations.ts holds the rest). */
import { AppError } from '../errors'

/** Running totals of one SKU; on-hand and available are derived, so they cannot drift. */
export interface Stock {
  sku: string
  received: number
  /** Sum of signed adjustments (shrinkage, recounts). */
  adjusted: number
  sold: number
  reserved: number
  /**
   * Net units moved in from (+) or out to (−) the SKU's other objects when its stock is sharded
   * (durable-objects/inventory-item/sharding.ts). Over all of a SKU's objects it sums to zero,
   * less what is in transit between them; 0 for an unsharded SKU.
   */
  transferred: number
}

export type ReservationStatus = 'active' | 'committed' | 'released' | 'expired'

/** Units held for one order line until it is paid (commit), released or expired. */
export interface Reservation {
  id: string
  orderId: string | null
  quantity: number
  expiresAt: number
  status: ReservationStatus
}

export type LedgerKind =
  | 'receive'
  | 'adjust'
  | 'reserve'
  | 'commit'
  | 'release'
  | 'expire'
  | 'transfer_in'
  | 'transfer_out'

/** One append-only ledger line; `quantity` is signed only for `adjust`. */
export interface LedgerEntry {
  kind: LedgerKind
  quantity: number
  reservationId: string | null
  orderId: string | null
  onHandAfter: number
  availableAfter: number
}

/** What an operation changed: the new totals, the reservations to upsert, the ledger lines. */
export interface StockChange {
  stock: Stock
  reservations: Reservation[]
  entries: LedgerEntry[]
}

/** The totals as callers see them. */
export interface StockLevels {
  sku: string
  onHand: number
  reserved: number
  available: number
  sold: number
  received: number
  adjusted: number
  transferred: number
}

/** Totals of a SKU that never received anything. */
export function emptyStock(sku: string): Stock {
  return { sku, received: 0, adjusted: 0, sold: 0, reserved: 0, transferred: 0 }
}

/** onHand = received + adjusted + transferred − sold; available = onHand − reserved. */
export function levels(stock: Stock): StockLevels {
  const onHand = stock.received + stock.adjusted + stock.transferred - stock.sold
  return { ...stock, onHand, available: onHand - stock.reserved }
}

/** Adds received units. */
export function receive(stock: Stock, quantity: number): StockChange {
  assertQuantity(quantity)
  const next = { ...stock, received: stock.received + quantity }
  return { stock: next, reservations: [], entries: [entry(next, 'receive', quantity, null)] }
}

/** Adds a signed correction; refused when it would take available below zero. */
export function adjust(stock: Stock, delta: number): StockChange {
  if (!Number.isSafeInteger(delta) || delta === 0)
    throw new AppError('validation_failed', 'delta must be a non-zero integer')
  const { available } = levels(stock)
  if (available + delta < 0)
    throw new AppError('insufficient_stock', `only ${available} available`, [
      { sku: stock.sku, requested: -delta, available },
    ])
  const next = { ...stock, adjusted: stock.adjusted + delta }
  return { stock: next, reservations: [], entries: [entry(next, 'adjust', delta, null)] }
}

/**
 * Moves `quantity` available units to another object of the same SKU (a shard, or back to the
 * SKU's own object); refused when fewer are available. The receiving side applies `transferIn`.
 */
export function transferOut(stock: Stock, quantity: number): StockChange {
  assertQuantity(quantity)
  const { available } = levels(stock)
  if (available < quantity)
    throw new AppError('insufficient_stock', `only ${available} available to transfer`)
  const next = { ...stock, transferred: stock.transferred - quantity }
  return { stock: next, reservations: [], entries: [entry(next, 'transfer_out', quantity, null)] }
}

/** Adds units moved in from another object of the same SKU. */
export function transferIn(stock: Stock, quantity: number): StockChange {
  assertQuantity(quantity)
  const next = { ...stock, transferred: stock.transferred + quantity }
  return { stock: next, reservations: [], entries: [entry(next, 'transfer_in', quantity, null)] }
}

/** A change that changes nothing (an idempotent repeat). */
export function unchanged(stock: Stock): StockChange {
  return { stock, reservations: [], entries: [] }
}

/** The ledger line for a change, with the totals right after it. */
export function entry(
  stock: Stock,
  kind: LedgerKind,
  quantity: number,
  reservation: Reservation | null,
): LedgerEntry {
  const { onHand, available } = levels(stock)
  return {
    kind,
    quantity,
    reservationId: reservation?.id ?? null,
    orderId: reservation?.orderId ?? null,
    onHandAfter: onHand,
    availableAfter: available,
  }
}

/** Refuses anything but a positive integer quantity. */
export function assertQuantity(quantity: number) {
  if (!Number.isSafeInteger(quantity) || quantity <= 0)
    throw new AppError('validation_failed', 'quantity must be a positive integer')
}
