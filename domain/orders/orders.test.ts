/** @module Unit tests of the order rules: creation, the state machine, payments and events. */
import { describe, expect, it } from 'vitest'
import { EventEnvelope } from '../events/envelope'
import { ORDER_EVENT_TYPES, OrderEvent, orderEvent, parseOrderEvent } from './events'
import { createOrder, ORDER_STATUSES, Order, type OrderStatus } from './order'
import { PlaceOrderInput } from './place'
import {
  assertPaymentMatches,
  canTransition,
  isOverdue,
  isReplayedPayment,
  transition,
} from './transitions'

const line = (sku: string, unitPriceMinor: number, quantity: number) => ({
  sku,
  productId: `p-${sku}`,
  title: `Item ${sku}`,
  unitPriceMinor,
  quantity,
})

const newOrder = (): Order =>
  createOrder({
    id: 'a'.repeat(64),
    userId: 'user-1',
    currency: 'EUR',
    lines: [line('s1', 1_250, 2), line('s2', 99, 3)],
    now: 1_000,
    expiresAt: 901_000,
  })

const errorOf = (fn: () => unknown) => {
  try {
    fn()
    return undefined
  } catch (err) {
    return err as { code?: string }
  }
}

describe('orders', () => {
  it('creates an unpaid order at version 1 with totals computed from the lines', () => {
    const order = newOrder()
    expect(order).toMatchObject({ status: 'pending_payment', version: 1, totalMinor: 2_797 })
    expect(order.lines.map((l) => l.lineTotalMinor)).toEqual([2_500, 297])
  })

  it('keeps a breakdown whose total is the order total, and refuses one that does not add up', () => {
    const order = newOrder()
    expect(order.totals.totalMinor).toBe(order.totalMinor)
    expect(order.totals.lines.map((l) => l.grossMinor)).toEqual([2_500, 297])
    expect(Order.safeParse({ ...order, totalMinor: 2_796 }).success).toBe(false)
    const [first, second] = order.totals.lines
    const skewed = { ...order.totals, lines: [{ ...first, taxMinor: 1 }, second] }
    expect(Order.safeParse({ ...order, totals: skewed }).success).toBe(false)
    const wrongLines = { ...order.totals, lines: [second] }
    expect(
      errorOf(() =>
        createOrder({
          id: 'b',
          userId: 'u',
          currency: 'EUR',
          lines: [line('s1', 1_250, 2), line('s2', 99, 3)],
          now: 1,
          expiresAt: 2,
          totals: { ...wrongLines, totalMinor: 297, subtotalMinor: 297 } as never,
        }),
      )?.code,
    ).toBe('validation_failed')
  })

  it('reads an order from before breakdowns (an event still queued) as untaxed, with no contact', () => {
    const {
      totals: _t,
      contact: _c,
      shippingAddress: _s,
      billingAddress: _b,
      ...legacy
    } = newOrder()
    const read = Order.parse(legacy)
    expect(read).toMatchObject({ contact: null, shippingAddress: null, billingAddress: null })
    expect(read.totals).toMatchObject({ totalMinor: 2_797, taxMinor: 0, discounts: [] })
    expect(OrderEvent.safeParse(orderEvent(legacy as Order, 'e-legacy')).success).toBe(true)
  })

  it('refuses duplicate SKUs and totals beyond the archive column', () => {
    const base = { id: 'o', userId: 'u', currency: 'EUR', now: 1, expiresAt: 2 }
    expect(
      errorOf(() => createOrder({ ...base, lines: [line('a', 1, 1), line('a', 1, 2)] }))?.code,
    ).toBe('validation_failed')
    expect(
      errorOf(() => createOrder({ ...base, lines: [line('a', 2_000_000_000, 2)] }))?.code,
    ).toBe('validation_failed')
  })

  it('allows exactly the edges of the machine and refuses every other move', () => {
    const allowed = new Set([
      'pending_payment>paid',
      'pending_payment>cancelled',
      'pending_payment>expired',
      'paid>fulfilled',
      'paid>refunded',
      'fulfilled>refunded',
    ])
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        const key = `${from}>${to}`
        expect([key, canTransition(from, to)]).toEqual([key, allowed.has(key)])
        const order = { ...newOrder(), status: from as OrderStatus }
        const err = errorOf(() => transition(order, to, 5_000))
        expect([key, err?.code]).toEqual([key, allowed.has(key) ? undefined : 'invalid_transition'])
      }
    }
  })

  it('bumps the version and keeps time moving forward on each change', () => {
    const paid = transition(newOrder(), 'paid', 2_000, { paymentId: 'pay-1' })
    const done = transition(paid, 'fulfilled', 1_500)
    expect([paid.version, paid.paymentId, done.version, done.updatedAt]).toEqual([
      2,
      'pay-1',
      3,
      2_000,
    ])
  })

  it('accepts only the exact total and currency, and recognises a replayed payment', () => {
    const order = newOrder()
    const ok = { paymentId: 'p1', amountMinor: 2_797, currency: 'EUR' }
    expect(errorOf(() => assertPaymentMatches(order, ok))).toBeUndefined()
    expect(errorOf(() => assertPaymentMatches(order, { ...ok, amountMinor: 2_796 }))?.code).toBe(
      'payment_mismatch',
    )
    expect(errorOf(() => assertPaymentMatches(order, { ...ok, currency: 'USD' }))?.code).toBe(
      'payment_mismatch',
    )
    const paid = transition(order, 'paid', 2_000, { paymentId: 'p1' })
    expect([
      isReplayedPayment(paid, ok),
      isReplayedPayment(paid, { ...ok, paymentId: 'p2' }),
    ]).toEqual([true, false])
    expect([
      isOverdue(order, 900_999),
      isOverdue(order, 901_000),
      isOverdue(paid, 10 ** 9),
    ]).toEqual([false, true, false])
  })

  it('names each event after the status entered and carries the full versioned order', () => {
    let order = newOrder()
    const types = [orderEvent(order, 'e1').type]
    order = transition(order, 'paid', 2_000, { paymentId: 'p' })
    types.push(orderEvent(order, 'e2').type)
    const event = orderEvent(transition(order, 'refunded', 3_000), 'e3')
    types.push(event.type)
    expect(types).toEqual(['order.placed', 'order.paid', 'order.refunded'])
    expect(EventEnvelope.parse(event)).toEqual(event)
    expect(OrderEvent.parse(event).data).toMatchObject({ version: 3, status: 'refunded' })
    expect(event.occurredAt).toBe(new Date(3_000).toISOString())
    expect(ORDER_EVENT_TYPES).toHaveLength(6)
  })

  it('validates a placement request strictly', () => {
    const input = {
      userId: 'u1',
      idempotencyKey: 'k1',
      requestHash: 'h',
      lines: [line('s1', 100, 1)],
      currency: 'EUR',
      ttlSeconds: 900,
    }
    expect(PlaceOrderInput.safeParse(input).success).toBe(true)
    expect(PlaceOrderInput.safeParse({ ...input, extra: 1 }).success).toBe(false)
    expect(PlaceOrderInput.safeParse({ ...input, lines: [] }).success).toBe(false)
    expect(PlaceOrderInput.safeParse({ ...input, ttlSeconds: 0 }).success).toBe(false)
    expect(PlaceOrderInput.safeParse({ ...input, lines: [line('s1', 100, 0)] }).success).toBe(false)
  })
})

describe('parseOrderEvent', () => {
  it('parses a message once, however many jobs read it, and answers as OrderEvent.safeParse', () => {
    const message = JSON.parse(JSON.stringify(orderEvent(newOrder(), 'e-once'))) as object
    const first = parseOrderEvent(message)
    expect(first).toEqual(OrderEvent.safeParse(message))
    expect(first.success).toBe(true)
    // The same message object: the same result, not a second parse.
    expect(parseOrderEvent(message)).toBe(first)
    // An equal but other object is parsed on its own.
    const copy = structuredClone(message)
    expect(parseOrderEvent(copy)).not.toBe(first)
    expect(parseOrderEvent(copy)).toEqual(first)
  })

  it('refuses what OrderEvent refuses, objects or not', () => {
    const bad = { ...orderEvent(newOrder(), 'e-bad'), type: 'order.lost' }
    expect(parseOrderEvent(bad).success).toBe(false)
    expect(parseOrderEvent(bad)).toBe(parseOrderEvent(bad))
    expect(parseOrderEvent(null).success).toBe(false)
    expect(parseOrderEvent('order.placed').success).toBe(false)
  })
})
