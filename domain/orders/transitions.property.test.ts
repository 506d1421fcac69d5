/** @module Property tests of the order state machine: only allowed edges, refusals change nothing. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors'
import { createOrder, ORDER_STATUSES, type Order, type OrderStatus } from './order'
import { canTransition, transition } from './transitions'

// The machine as docs/architecture.md states it, written out independently of transitions.ts.
const EDGES = new Set([
  'pending_payment>paid',
  'pending_payment>cancelled',
  'pending_payment>expired',
  'paid>fulfilled',
  'paid>refunded',
  'fulfilled>refunded',
])
const FINAL: readonly OrderStatus[] = ['cancelled', 'expired', 'refunded']

const newOrder = (): Order =>
  createOrder({
    id: 'f'.repeat(64),
    userId: 'user-1',
    currency: 'EUR',
    lines: [{ sku: 's1', productId: 'p1', title: 'Item', unitPriceMinor: 500, quantity: 2 }],
    now: 1_000,
    expiresAt: 901_000,
  })

const move = fc.record({
  to: fc.constantFrom(...ORDER_STATUSES),
  at: fc.integer({ min: 0, max: 2_000_000 }),
})

describe('order transitions (property)', () => {
  it('only ever follows the allowed edges and leaves a refused order unchanged', () => {
    fc.assert(
      fc.property(fc.array(move, { maxLength: 40 }), (moves) => {
        let order = newOrder()
        for (const { to, at } of moves) {
          const before = structuredClone(order)
          const allowed = EDGES.has(`${order.status}>${to}`)
          expect(canTransition(order.status, to)).toBe(allowed)
          try {
            order = transition(order, to, at)
          } catch (err) {
            expect(err).toBeInstanceOf(AppError)
            expect((err as AppError).code).toBe('invalid_transition')
            expect(order).toEqual(before)
            expect(allowed).toBe(false)
            continue
          }
          expect(allowed).toBe(true)
          expect(order.status).toBe(to)
          expect(order.version).toBe(before.version + 1)
          expect(order.updatedAt).toBeGreaterThanOrEqual(before.updatedAt)
          expect({ ...order, status: 0, version: 0, updatedAt: 0 }).toEqual({
            ...before,
            status: 0,
            version: 0,
            updatedAt: 0,
          })
        }
      }),
      { numRuns: 500 },
    )
  })

  it('never leaves a final status and counts one version per accepted move', () => {
    fc.assert(
      fc.property(fc.array(move, { maxLength: 40 }), (moves) => {
        let order = newOrder()
        let accepted = 0
        let finalSeen: OrderStatus | undefined
        for (const { to, at } of moves) {
          if (!canTransition(order.status, to)) continue
          order = transition(order, to, at)
          accepted++
          if (finalSeen) throw new Error(`left final status ${finalSeen}`)
          if (FINAL.includes(order.status)) finalSeen = order.status
        }
        expect(order.version).toBe(1 + accepted)
        expect(accepted).toBeLessThanOrEqual(3)
      }),
      { numRuns: 500 },
    )
  })
})
