/** @module Tests of what a paid order adds to the leaderboards. */
import { describe, expect, it } from 'vitest'
import { createOrder } from '../orders/order'
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
