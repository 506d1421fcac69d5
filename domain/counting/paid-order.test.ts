/** @module Tests of what a paid order adds to the leaderboards. */
import { describe, expect, it } from 'vitest'
import { createOrder, Order } from '../orders/order'
import { paidOrderCountId, paidOrderOps } from './paid-order'

const order = createOrder({
  id: 'o1',
  userId: 'u1',
  currency: 'EUR',
  now: 0,
  expiresAt: 1,
  lines: [
    { sku: 'shoe-41', productId: 'shoe', title: 'Shoe 41', unitPriceMinor: 5_000, quantity: 1 },
    { sku: 'shoe-42', productId: 'shoe', title: 'Shoe 42', unitPriceMinor: 5_000, quantity: 2 },
    { sku: 'sock', productId: 'sock', title: 'Sock', unitPriceMinor: 300, quantity: 4 },
  ],
})

describe('paidOrderOps', () => {
  it('adds units per product on both bestseller boards and the total to the buyer', () => {
    expect(paidOrderOps(order, '2024-05-01T23:59:00Z')).toEqual([
      { kind: 'zincr', key: 'bestsellers:all', member: 'shoe', by: 3 },
      { kind: 'zincr', key: 'bestsellers:all', member: 'sock', by: 4 },
      { kind: 'zincr', key: 'bestsellers:2024-05-01', member: 'shoe', by: 3 },
      { kind: 'zincr', key: 'bestsellers:2024-05-01', member: 'sock', by: 4 },
      { kind: 'zincr', key: 'spend:all', member: 'u1', by: 16_200 },
    ])
  })

  it('counts per order, whatever message carried it', () => {
    expect(paidOrderCountId('o1')).toBe('paid:o1')
    expect(paidOrderCountId('o1')).not.toBe(paidOrderCountId('o2'))
  })
})

describe('refundCounts', () => {
  it('takes each refund off once under its own id, units by product and the amount from spend', async () => {
    const { refundCounts } = await import('./paid-order')
    // Parsed as an order of before breakdowns: untaxed totals, no contact.
    const base = Order.parse({
      id: 'o9',
      userId: 'u9',
      status: 'paid' as const,
      currency: 'EUR',
      lines: [
        {
          sku: 'A',
          productId: 'pa',
          title: 'A',
          unitPriceMinor: 100,
          quantity: 2,
          lineTotalMinor: 200,
        },
      ],
      totalMinor: 200,
      version: 3,
      createdAt: 1,
      updatedAt: 5,
      expiresAt: 10,
      paymentId: 'p',
    })
    const refund = (id: string, amountMinor: number, quantity: number) => ({
      id,
      amountMinor,
      lines: quantity ? [{ sku: 'A', productId: 'pa', quantity }] : [],
      reason: null,
      providerRefundId: `x-${id}`,
      requestHash: 'h',
      createdAt: 5,
    })
    const counts = refundCounts({ ...base, refunds: [refund('r1', 100, 1), refund('r2', 30, 0)] })
    expect(counts.map((c) => [c.id, c.ops.map((o) => ('by' in o ? o.by : null))])).toEqual([
      ['refund:o9:r1', [-1, -100]],
      ['refund:o9:r2', [-30]],
    ])
    expect(refundCounts(base)).toEqual([])
    expect(refundCounts({ ...base, status: 'refunded' }).map((c) => c.id)).toEqual(['refunded:o9'])
  })
})
