/** @module Unit tests of the stock rules, including the ledger arithmetic of invariant 1. */
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors'
import { commit, expire, release, reserve } from './reservations'
import {
  adjust,
  emptyStock,
  type LedgerEntry,
  levels,
  type Reservation,
  receive,
  type StockChange,
} from './stock'

/** Applies changes the way the Durable Object does, keeping every reservation and ledger line. */
function harness(sku = 'sku-1') {
  let stock = emptyStock(sku)
  const reservations = new Map<string, Reservation>()
  const ledger: LedgerEntry[] = []
  const apply = (change: StockChange) => {
    stock = change.stock
    for (const r of change.reservations) reservations.set(r.id, r)
    ledger.push(...change.entries)
    return change
  }
  const invariantsHold = () => {
    const l = levels(stock)
    const fromLedger = ledger.reduce(
      (acc, e) => {
        if (e.kind === 'receive' || e.kind === 'adjust') acc.onHand += e.quantity
        if (e.kind === 'commit') acc.onHand -= e.quantity
        if (e.kind === 'reserve') acc.reserved += e.quantity
        if (e.kind !== 'receive' && e.kind !== 'adjust' && e.kind !== 'reserve')
          acc.reserved -= e.quantity
        return acc
      },
      { onHand: 0, reserved: 0 },
    )
    return (
      l.available >= 0 &&
      l.onHand === l.available + l.reserved &&
      l.sold + l.onHand === l.received + l.adjusted &&
      fromLedger.onHand === l.onHand &&
      fromLedger.reserved === l.reserved &&
      (ledger.at(-1)?.onHandAfter ?? 0) === l.onHand &&
      (ledger.at(-1)?.availableAfter ?? 0) === l.available
    )
  }
  return { get: () => stock, reservations, ledger, apply, invariantsHold }
}

const req = (id: string, quantity: number, expiresAt = 1_000) => ({
  reservationId: id,
  quantity,
  expiresAt,
  orderId: `o-${id}`,
})

const code = (fn: () => unknown) => {
  try {
    fn()
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError'
  }
  return 'no error'
}

describe('stock', () => {
  it('reserves while stock lasts and refuses with the shortfall', () => {
    const h = harness()
    h.apply(receive(h.get(), 3))
    const first = reserve(h.get(), undefined, req('r1', 2))
    expect(first.ok).toBe(true)
    if (first.ok) h.apply(first.change)
    expect(reserve(h.get(), undefined, req('r2', 2))).toEqual({
      ok: false,
      requested: 2,
      available: 1,
    })
    expect(levels(h.get())).toMatchObject({ onHand: 3, reserved: 2, available: 1 })
    expect(h.invariantsHold()).toBe(true)
  })

  it('is idempotent per reservation id and refuses a different quantity under the same id', () => {
    const h = harness()
    h.apply(receive(h.get(), 5))
    const a = reserve(h.get(), undefined, req('r1', 2))
    if (!a.ok) throw new Error('expected a reservation')
    h.apply(a.change)
    const again = reserve(h.get(), h.reservations.get('r1'), req('r1', 2))
    expect(again.ok && again.change.entries).toEqual([])
    expect(levels(h.get()).reserved).toBe(2)
    expect(code(() => reserve(h.get(), h.reservations.get('r1'), req('r1', 3)))).toBe(
      'reservation_conflict',
    )
  })

  it('commits into sold, once, and refuses unknown or released reservations', () => {
    const h = harness()
    h.apply(receive(h.get(), 4))
    const a = reserve(h.get(), undefined, req('r1', 3))
    if (a.ok) h.apply(a.change)
    h.apply(commit(h.get(), h.reservations.get('r1'), 'r1'))
    expect(commit(h.get(), h.reservations.get('r1'), 'r1').entries).toEqual([])
    expect(levels(h.get())).toMatchObject({ sold: 3, onHand: 1, reserved: 0, available: 1 })
    expect(code(() => commit(h.get(), undefined, 'nope'))).toBe('reservation_not_found')
    expect(code(() => release(h.get(), h.reservations.get('r1'), 'r1'))).toBe(
      'reservation_committed',
    )
    expect(h.invariantsHold()).toBe(true)
  })

  it('releases once, and a release of an unknown id blocks a late reserve of it', () => {
    const h = harness()
    h.apply(receive(h.get(), 2))
    const a = reserve(h.get(), undefined, req('r1', 2))
    if (a.ok) h.apply(a.change)
    h.apply(release(h.get(), h.reservations.get('r1'), 'r1'))
    expect(release(h.get(), h.reservations.get('r1'), 'r1').entries).toEqual([])
    expect(levels(h.get()).available).toBe(2)
    expect(code(() => commit(h.get(), h.reservations.get('r1'), 'r1'))).toBe(
      'reservation_not_active',
    )
    h.apply(release(h.get(), undefined, 'ghost'))
    expect(reserve(h.get(), h.reservations.get('ghost'), req('ghost', 1)).ok).toBe(false)
    expect(levels(h.get()).available).toBe(2)
    expect(h.invariantsHold()).toBe(true)
  })

  it('expires only active reservations that are due', () => {
    const h = harness()
    h.apply(receive(h.get(), 10))
    for (const [id, at] of [
      ['due', 100],
      ['later', 500],
      ['paid', 100],
    ] as const) {
      const r = reserve(h.get(), undefined, req(id, 2, at))
      if (r.ok) h.apply(r.change)
    }
    h.apply(commit(h.get(), h.reservations.get('paid'), 'paid'))
    const change = h.apply(expire(h.get(), [...h.reservations.values()], 100))
    expect(change.entries.map((e) => [e.kind, e.reservationId])).toEqual([['expire', 'due']])
    expect(h.reservations.get('due')?.status).toBe('expired')
    expect(levels(h.get())).toMatchObject({ reserved: 2, sold: 2, available: 6 })
    expect(h.invariantsHold()).toBe(true)
  })

  it('adjusts by a signed delta but never below zero available', () => {
    const h = harness()
    h.apply(receive(h.get(), 5))
    const r = reserve(h.get(), undefined, req('r1', 3))
    if (r.ok) h.apply(r.change)
    expect(code(() => adjust(h.get(), -3))).toBe('insufficient_stock')
    h.apply(adjust(h.get(), -2))
    h.apply(adjust(h.get(), 4))
    expect(levels(h.get())).toMatchObject({ onHand: 7, available: 4, adjusted: 2 })
    expect(code(() => adjust(h.get(), 0))).toBe('validation_failed')
    expect(code(() => receive(h.get(), 1.5))).toBe('validation_failed')
    expect(h.invariantsHold()).toBe(true)
  })

  it('keeps every invariant through a long mixed sequence', () => {
    const h = harness()
    let seed = 7
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed % n
    }
    for (let i = 0; i < 2_000; i++) {
      const id = `r${rand(60)}`
      const op = rand(6)
      try {
        if (op === 0) h.apply(receive(h.get(), 1 + rand(5)))
        if (op === 1) h.apply(adjust(h.get(), rand(7) - 3 || 1))
        if (op === 2) {
          const r = reserve(h.get(), h.reservations.get(id), req(id, 1 + rand(3), rand(1_000)))
          if (r.ok) h.apply(r.change)
        }
        if (op === 3) h.apply(commit(h.get(), h.reservations.get(id), id))
        if (op === 4) h.apply(release(h.get(), h.reservations.get(id), id))
        if (op === 5) h.apply(expire(h.get(), [...h.reservations.values()], rand(1_000)))
      } catch (err) {
        if (!(err instanceof AppError)) throw err
      }
      expect(h.invariantsHold()).toBe(true)
    }
    expect(h.ledger.length).toBeGreaterThan(500)
  })
})
