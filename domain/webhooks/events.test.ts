/** @module Tests of how commerce-events messages become webhook events. */
import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../events/envelope'
import { availabilityChanged } from '../inventory/events'
import { orderEvent } from '../orders/events'
import { type Order, type OrderStatus, untaxedTotals } from '../orders/order'
import { placedSkus, stockLowEvents, webhookEventOf } from './events'

const order = (status: OrderStatus): Order => ({
  id: 'o'.repeat(64),
  userId: 'user-1',
  status,
  currency: 'EUR',
  lines: [
    {
      sku: 'A-1',
      productId: 'p1',
      title: 'A',
      unitPriceMinor: 500,
      quantity: 2,
      lineTotalMinor: 1000,
    },
    {
      sku: 'B-1',
      productId: 'p2',
      title: 'B',
      unitPriceMinor: 300,
      quantity: 1,
      lineTotalMinor: 300,
    },
  ],
  totalMinor: 1300,
  version: 1,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  expiresAt: 1_700_000_900_000,
  paymentId: null,
  contact: null,
  shippingAddress: null,
  billingAddress: null,
  totals: untaxedTotals('EUR', [
    { sku: 'A-1', productId: 'p1', title: 'A', unitPriceMinor: 500, quantity: 2 },
    { sku: 'B-1', productId: 'p2', title: 'B', unitPriceMinor: 300, quantity: 1 },
  ]),
})

describe('webhookEventOf', () => {
  it('keeps the id, time and order of each order event, and announces expiry as cancelled', () => {
    const cases: [OrderStatus, string][] = [
      ['pending_payment', 'order.placed'],
      ['paid', 'order.paid'],
      ['fulfilled', 'order.fulfilled'],
      ['refunded', 'order.refunded'],
      ['cancelled', 'order.cancelled'],
      ['expired', 'order.cancelled'],
    ]
    for (const [status, type] of cases) {
      const message = orderEvent(order(status), `evt-${status}`)
      expect(webhookEventOf(message)).toEqual({
        id: `evt-${status}`,
        type,
        createdAt: message.occurredAt,
        data: order(status),
      })
    }
  })

  it('announces a SKU running out as stock.out and nothing when it comes back', () => {
    const out = availabilityChanged({ sku: 'A-1', inStock: false }, 'evt-out', 1_700_000_000_000)
    expect(webhookEventOf(out)).toEqual({
      id: 'evt-out',
      type: 'stock.out',
      createdAt: out.occurredAt,
      data: { sku: 'A-1' },
    })
    const back = availabilityChanged({ sku: 'A-1', inStock: true }, 'evt-back', 1_700_000_000_000)
    expect(webhookEventOf(back)).toBeNull()
  })

  it('makes nothing of product events or bodies that do not parse', () => {
    const base = { v: 1, id: 'e', occurredAt: new Date(0).toISOString() }
    expect(webhookEventOf({ ...base, type: 'product.upserted', data: { id: 'p' } })).toBeNull()
    expect(webhookEventOf({ ...base, type: 'order.paid', data: { id: 'x' } })).toBeNull()
    expect(webhookEventOf({ ...base, type: 'inventory.availability_changed', data: {} })).toBeNull()
  })
})

describe('stockLowEvents', () => {
  const placed = orderEvent(order('pending_payment'), 'evt-placed') as EventEnvelope

  it('sends one per SKU left at or below the threshold but not out, with stable ids', async () => {
    const skus = placedSkus(placed)
    expect(skus).toEqual(['A-1', 'B-1'])
    const first = await stockLowEvents(placed, skus, [5, 6], 5)
    expect(first).toEqual([
      {
        id: expect.stringMatching(/^low_[0-9a-f]{40}$/),
        type: 'stock.low',
        createdAt: placed.occurredAt,
        data: { sku: 'A-1', available: 5, threshold: 5 },
      },
    ])
    // The same order event gives the same id; another order, or another SKU, another one.
    expect((await stockLowEvents(placed, skus, [1, 1], 5)).map((e) => e.id)[0]).toBe(first[0]?.id)
    const other = orderEvent(order('pending_payment'), 'evt-other')
    const ids = (await stockLowEvents(other, skus, [1, 1], 5)).map((e) => e.id)
    expect(new Set([...ids, first[0]?.id]).size).toBe(3)
    expect(await stockLowEvents(placed, skus, [0, 0], 5)).toEqual([])
  })

  it('takes SKUs from order.placed only', () => {
    expect(placedSkus(orderEvent(order('paid'), 'evt-paid'))).toEqual([])
  })
})
