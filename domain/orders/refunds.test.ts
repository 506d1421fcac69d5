/** @module Refund rules: the per-unit split sums exactly, limits on units and money, replays. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors'
import { webhookEventOf } from '../webhooks/events'
import { orderEvent } from './events'
import { createOrder, type Order } from './order'
import { applyRefund, planRefund, restOfOrder, unitsRefundMinor } from './refunds'

const paidOrder = (): Order => ({
  ...createOrder({
    id: 'o1',
    userId: 'u1',
    currency: 'EUR',
    now: 1,
    expiresAt: 100,
    lines: [
      { sku: 'A', productId: 'pa', title: 'A', unitPriceMinor: 333, quantity: 3 },
      { sku: 'B', productId: 'pb', title: 'B', unitPriceMinor: 1_000, quantity: 1 },
    ],
  }),
  status: 'paid',
  version: 2,
  paymentId: 'pay-1',
})

/** Plans and applies a refund, as the object does. */
function refund(order: Order, request: Parameters<typeof planRefund>[1], hash = 'h'): Order {
  const plan = planRefund(order, request, hash, 10)
  if ('replay' in plan) return order
  return applyRefund(order, { ...plan.refund, providerRefundId: `p-${plan.refund.id}` }, 10)
}

const code = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    return e instanceof AppError ? e.code : String(e)
  }
  return 'none'
}

describe('refunds', () => {
  it('splits a line by units so that refunding every unit, in any steps, gives back exactly its paid amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 10 }),
        (paid, steps) => {
          const ordered = steps.reduce((a, b) => a + b, 0)
          let already = 0
          let sum = 0
          for (const q of steps) {
            const part = unitsRefundMinor(paid, ordered, already, q)
            expect(part).toBeGreaterThanOrEqual(0)
            sum += part
            already += q
          }
          expect(sum).toBe(paid)
        },
      ),
    )
  })

  it('refunds lines, then an amount, then the rest: the order is refunded with the sum exactly its total', () => {
    let order = refund(paidOrder(), { refundId: 'r1', lines: [{ sku: 'A', quantity: 1 }] })
    expect([order.status, order.refundedMinor, order.version]).toEqual(['paid', 333, 3])
    order = refund(order, { refundId: 'r2', amountMinor: 500 })
    order = refund(order, restOfOrder(order, 'r3'))
    expect(order.status).toBe('refunded')
    expect(order.refunds?.map((r) => r.amountMinor)).toEqual([333, 500, 1_166])
    expect(order.refundedMinor).toBe(order.totalMinor)
    expect(order.refunds?.at(-1)?.lines).toEqual([
      { sku: 'A', productId: 'pa', quantity: 2 },
      { sku: 'B', productId: 'pb', quantity: 1 },
    ])
  })

  it('replays the same id and request, and refuses another request, too many units or too much money', () => {
    const once = refund(paidOrder(), { refundId: 'r1', lines: [{ sku: 'A', quantity: 2 }] })
    const replay = planRefund(once, { refundId: 'r1', lines: [{ sku: 'A', quantity: 2 }] }, 'h', 20)
    expect(replay).toEqual({ replay: once.refunds?.[0] })
    expect(code(() => planRefund(once, { refundId: 'r1', amountMinor: 1 }, 'other', 20))).toBe(
      'idempotency_key_reused',
    )
    expect(
      code(() => planRefund(once, { refundId: 'r2', lines: [{ sku: 'A', quantity: 2 }] }, 'h', 20)),
    ).toBe('refund_exceeds_order')
    expect(code(() => planRefund(once, { refundId: 'r2', amountMinor: 1_334 }, 'h', 20))).toBe(
      'refund_exceeds_order',
    )
    expect(
      code(() => planRefund(once, { refundId: 'r2', lines: [{ sku: 'Z', quantity: 1 }] }, 'h', 20)),
    ).toBe('validation_failed')
    const unpaid = { ...paidOrder(), status: 'pending_payment' as const, paymentId: null }
    expect(code(() => planRefund(unpaid, { refundId: 'r1', amountMinor: 1 }, 'h', 20))).toBe(
      'invalid_transition',
    )
  })

  it('gives back a line’s discounted gross when the order carries totals', () => {
    const order = {
      ...paidOrder(),
      totalMinor: 1_500,
      totals: {
        lines: [
          { sku: 'A', grossMinor: 900 },
          { sku: 'B', grossMinor: 600 },
        ],
      },
    } as Order
    const plan = planRefund(order, { refundId: 'r', lines: [{ sku: 'A', quantity: 3 }] }, 'h', 1)
    expect('refund' in plan && plan.refund.amountMinor).toBe(900)
  })

  it('announces a partial refund as order.refunded, to webhooks too, with the refund last in data.refunds', () => {
    const order = refund(paidOrder(), { refundId: 'r1', amountMinor: 100 })
    const event = orderEvent(order, 'e1', 'order.refunded')
    expect([event.type, event.data.status]).toEqual(['order.refunded', 'paid'])
    const hook = webhookEventOf(event)
    expect(hook?.type).toBe('order.refunded')
    const data = (hook?.data ?? null) as Order | null
    expect(data?.refunds?.at(-1)).toMatchObject({ id: 'r1', amountMinor: 100 })
  })
})
