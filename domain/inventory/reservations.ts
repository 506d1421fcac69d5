/** @module Reservations of one SKU: reserve, commit, release and expire (pure). */
import { z } from 'zod'
import { AppError } from '../errors'
import {
  assertQuantity,
  entry,
  levels,
  type Reservation,
  type Stock,
  type StockChange,
  unchanged,
} from './stock'

/** A reservation id: the Order uses `${orderId}:${sku}`, up to 129 characters. */
export const ReservationId = z.string().min(1).max(200)

/** What a reservation request asks for. */
export const ReserveRequest = z.strictObject({
  reservationId: ReservationId,
  quantity: z.number().int().positive(),
  /** Unix milliseconds after which the reservation may be expired. */
  expiresAt: z.number().int(),
  orderId: z.string().min(1).max(64).nullable(),
  /** Who the units are for: counted against a SKU's per-customer purchase limit, if it has one. */
  customerId: z.string().min(1).max(64).optional(),
})
export type ReserveRequest = z.infer<typeof ReserveRequest>

/** A reservation granted (or found again), or the shortfall that refused it. */
export type ReserveOutcome =
  | { ok: true; reservation: Reservation; change: StockChange }
  | { ok: false; requested: number; available: number }

/**
 * Holds units for a reservation. Idempotent per reservation id: a repeated request returns the
 * reservation as it stands and changes nothing, so a retried saga step cannot reserve twice.
 */
export function reserve(
  stock: Stock,
  existing: Reservation | undefined,
  request: ReserveRequest,
): ReserveOutcome {
  assertQuantity(request.quantity)
  if (existing) {
    // A released or expired reservation stays closed: its order has given the units back.
    if (existing.status === 'released' || existing.status === 'expired')
      return { ok: false, requested: request.quantity, available: levels(stock).available }
    if (existing.quantity !== request.quantity)
      throw new AppError(
        'reservation_conflict',
        `reservation ${existing.id} holds another quantity`,
      )
    return { ok: true, reservation: existing, change: unchanged(stock) }
  }
  const { available } = levels(stock)
  if (available < request.quantity) return { ok: false, requested: request.quantity, available }
  const next = { ...stock, reserved: stock.reserved + request.quantity }
  const reservation: Reservation = {
    id: request.reservationId,
    orderId: request.orderId,
    quantity: request.quantity,
    expiresAt: request.expiresAt,
    status: 'active',
  }
  return {
    ok: true,
    reservation,
    change: {
      stock: next,
      reservations: [reservation],
      entries: [entry(next, 'reserve', request.quantity, reservation)],
    },
  }
}

/** Turns a reservation into a sale; committing it again changes nothing. */
export function commit(
  stock: Stock,
  reservation: Reservation | undefined,
  id: string,
): StockChange {
  if (!reservation) throw new AppError('reservation_not_found', `no reservation ${id}`)
  if (reservation.status === 'committed') return unchanged(stock)
  if (reservation.status !== 'active')
    throw new AppError('reservation_not_active', `reservation ${id} is ${reservation.status}`)
  const next = {
    ...stock,
    reserved: stock.reserved - reservation.quantity,
    sold: stock.sold + reservation.quantity,
  }
  const done = { ...reservation, status: 'committed' as const }
  return {
    stock: next,
    reservations: [done],
    entries: [entry(next, 'commit', reservation.quantity, done)],
  }
}

/**
 * Gives reserved units back. Idempotent; releasing an id never seen leaves a released tombstone
 * of zero units, so a reserve call still in flight for it cannot take stock afterwards.
 */
export function release(
  stock: Stock,
  reservation: Reservation | undefined,
  id: string,
): StockChange {
  if (!reservation) {
    const tombstone: Reservation = {
      id,
      orderId: null,
      quantity: 0,
      expiresAt: 0,
      status: 'released',
    }
    return { stock, reservations: [tombstone], entries: [] }
  }
  if (reservation.status === 'committed')
    throw new AppError('reservation_committed', `reservation ${id} is already sold`)
  if (reservation.status !== 'active') return unchanged(stock)
  return giveBack(stock, [reservation], 'release')
}

/** Expires every active reservation whose expiry is at or before `now`. */
export function expire(
  stock: Stock,
  reservations: readonly Reservation[],
  now: number,
): StockChange {
  const due = reservations.filter((r) => r.status === 'active' && r.expiresAt <= now)
  return giveBack(stock, due, 'expire')
}

function giveBack(stock: Stock, due: readonly Reservation[], kind: 'release' | 'expire') {
  const change: StockChange = { stock, reservations: [], entries: [] }
  for (const r of due) {
    change.stock = { ...change.stock, reserved: change.stock.reserved - r.quantity }
    const done: Reservation = { ...r, status: kind === 'release' ? 'released' : 'expired' }
    change.reservations.push(done)
    change.entries.push(entry(change.stock, kind, r.quantity, done))
  }
  return change
}
