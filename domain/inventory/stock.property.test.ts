/** @module Property tests of the stock machine: random operation sequences keep invariant 1 (no oversell). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors'
import { commit, expire, release, reserve } from './reservations'
import { adjust, emptyStock, levels, type Reservation, receive, type StockChange } from './stock'

// A handful of reservation ids, so commands often hit the same reservation twice (idempotency).
const id = fc.constantFrom('r0', 'r1', 'r2', 'r3', 'r4')
const op = fc.oneof(
  fc.record({ kind: fc.constant('receive' as const), quantity: fc.integer({ min: -2, max: 20 }) }),
  fc.record({ kind: fc.constant('adjust' as const), delta: fc.integer({ min: -25, max: 25 }) }),
  fc.record({
    kind: fc.constant('reserve' as const),
    id,
    quantity: fc.integer({ min: 0, max: 12 }),
    expiresAt: fc.integer({ min: 0, max: 100 }),
  }),
  fc.record({ kind: fc.constant('commit' as const), id }),
  fc.record({ kind: fc.constant('release' as const), id }),
  fc.record({ kind: fc.constant('expire' as const), now: fc.integer({ min: 0, max: 100 }) }),
)
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never

/** Applies changes the way the InventoryItem object does: totals, reservations, ledger. */
function machine() {
  let stock = emptyStock('sku-1')
  const reservations = new Map<string, Reservation>()
  const ledger: StockChange['entries'] = []
  const run = (o: Op): StockChange => {
    switch (o.kind) {
      case 'receive':
        return receive(stock, o.quantity)
      case 'adjust':
        return adjust(stock, o.delta)
      case 'reserve': {
        const r = reserve(stock, reservations.get(o.id), {
          reservationId: o.id,
          quantity: o.quantity,
          expiresAt: o.expiresAt,
          orderId: `order-${o.id}`,
        })
        return r.ok ? r.change : { stock, reservations: [], entries: [] }
      }
      case 'commit':
        return commit(stock, reservations.get(o.id), o.id)
      case 'release':
        return release(stock, reservations.get(o.id), o.id)
      case 'expire':
        return expire(stock, [...reservations.values()], o.now)
    }
  }
  return {
    /** Runs one command; a refused command must be an AppError and change nothing. */
    step(o: Op) {
      const before = structuredClone({ stock, reservations, ledger })
      try {
        const change = run(o)
        stock = change.stock
        for (const r of change.reservations) reservations.set(r.id, r)
        ledger.push(...change.entries)
      } catch (err) {
        expect(err).toBeInstanceOf(AppError)
        expect({ stock, reservations, ledger }).toEqual(before)
      }
    },
    check() {
      const l = levels(stock)
      expect(l.available).toBeGreaterThanOrEqual(0)
      expect(l.reserved).toBeGreaterThanOrEqual(0)
      expect(l.onHand).toBe(l.available + l.reserved)
      expect(l.sold + l.onHand).toBe(l.received + l.adjusted)
      // The totals never drift from the reservations they summarise…
      const held = [...reservations.values()].filter((r) => r.status === 'active')
      expect(held.reduce((n, r) => n + r.quantity, 0)).toBe(l.reserved)
      const sold = [...reservations.values()].filter((r) => r.status === 'committed')
      expect(sold.reduce((n, r) => n + r.quantity, 0)).toBe(l.sold)
      // …nor from the ledger, whose last line carries the levels after it.
      const last = ledger.at(-1)
      expect(last?.onHandAfter ?? 0).toBe(l.onHand)
      expect(last?.availableAfter ?? 0).toBe(l.available)
      for (const e of ledger) expect(e.availableAfter).toBeGreaterThanOrEqual(0)
    },
  }
}

describe('stock (property)', () => {
  it('keeps available ≥ 0, onHand = available + reserved, sold + onHand = received + adjustments', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const m = machine()
        for (const o of ops) {
          m.step(o)
          m.check()
        }
      }),
      { numRuns: 500 },
    )
  })

  it('never sells more than it received, however reservations race for the last units', () => {
    const racers = fc.array(fc.tuple(id, fc.integer({ min: 1, max: 5 })), { maxLength: 30 })
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), racers, (units, attempts) => {
        const m = machine()
        if (units > 0) m.step({ kind: 'receive', quantity: units })
        for (const [rid, quantity] of attempts) {
          m.step({ kind: 'reserve', id: rid, quantity, expiresAt: 50 })
          m.step({ kind: 'commit', id: rid })
          m.check()
        }
      }),
      { numRuns: 300 },
    )
  })
})
