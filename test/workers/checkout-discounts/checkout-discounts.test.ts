/**
 * @module Checkout priced by the store's settings over HTTP in workerd: address and contact
 * validated per country (nothing held on a refusal), tax, shipping and a code in the order's
 * breakdown, payment only of the total, code uses reserved, committed on payment, refused past a
 * customer's limit, and 200 shoppers racing for a code limited to 50 uses (the rest refused,
 * the uses back once the unpaid orders expire).
 */
import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { dueWorkAt } from '#objects/shopper/test-helpers'
import { call } from '#test/workers/accounts'
import {
  archive,
  deliver,
  newKey,
  payWebhook,
  placeOrder,
  recordEvents,
  shopper,
} from '#test/workers/checkout-helpers'
import {
  available,
  BERLIN,
  CONTACT,
  configureStore,
  discount,
  expectAddsUp,
  product,
  usage,
} from './helpers'

type OrderBody = {
  id: string
  totalMinor: number
  currency: string
  contact: unknown
  shippingAddress: unknown
  billingAddress: unknown
  totals: Parameters<typeof expectAddsUp>[0]['totals'] & {
    subtotalMinor: number
    discountMinor: number
    discounts: { code: string | null; amountMinor: number }[]
    shipping: { methodId: string; grossMinor: number } | null
  }
  error?: { code: string; details: unknown }
}

const tag = () => crypto.randomUUID().slice(0, 6).toUpperCase()

describe('checkout with address, shipping, tax and discount codes', () => {
  it('validates the address and contact per country and holds nothing on a refusal', async () => {
    await configureStore()
    const [sku] = (await product([{ priceMinor: 1_000 }])) as [string]
    const code = `HOLD${tag()}`
    await discount({
      id: code.toLowerCase(),
      code,
      value: { kind: 'percentage', basisPoints: 1_000 },
      target: { kind: 'order' },
      usageLimit: 5,
    })
    const { token } = await shopper()
    const items = [{ sku, quantity: 1 }]
    const cases: [unknown, string][] = [
      // The store ships: contact, address and method are required.
      [{ items, discountCodes: [code] }, 'validation_failed'],
      [
        {
          items,
          contact: CONTACT,
          shippingAddress: { ...BERLIN, postalCode: '1011' },
          shippingMethodId: 'de-std',
          discountCodes: [code],
        },
        'validation_failed',
      ],
      [
        {
          items,
          contact: CONTACT,
          shippingAddress: { ...BERLIN, country: 'XX' },
          shippingMethodId: 'de-std',
        },
        'validation_failed',
      ],
      [
        {
          items,
          contact: { email: 'not-an-email' },
          shippingAddress: BERLIN,
          shippingMethodId: 'de-std',
        },
        'validation_failed',
      ],
      // A US address needs its state.
      [
        {
          items,
          contact: CONTACT,
          shippingAddress: { ...BERLIN, country: 'US', postalCode: '10001' },
          shippingMethodId: 'us-weight',
        },
        'validation_failed',
      ],
      // A method of another zone does not ship to Berlin.
      [
        { items, contact: CONTACT, shippingAddress: BERLIN, shippingMethodId: 'us-weight' },
        'shipping_method_unavailable',
      ],
      [
        {
          items,
          contact: CONTACT,
          shippingAddress: BERLIN,
          shippingMethodId: 'de-std',
          discountCodes: ['NOSUCHCODE'],
        },
        'discount_not_found',
      ],
    ]
    for (const [body, expected] of cases) {
      const res = await placeOrder(token, body, newKey())
      const answer = (await res.json()) as OrderBody
      expect(answer.error?.code, JSON.stringify(body)).toBe(expected)
      expect(res.status).toBe(expected === 'validation_failed' ? 400 : 422)
    }
    expect(await available(sku)).toBe(500)
    expect(await usage(code.toLowerCase())).toMatchObject({ reserved: 0, committed: 0 })
    const orders = await call('/v1/orders', { token })
    expect(((await orders.json()) as { items: unknown[] }).items).toEqual([])
  })

  it('places an order with its breakdown, takes payment only of the total and commits the code', async () => {
    await configureStore()
    const [standard] = (await product([{ priceMinor: 2_000, weightGrams: 300 }])) as [string]
    const [reduced] = (await product([{ priceMinor: 1_000, weightGrams: 200 }], 'reduced')) as [
      string,
    ]
    const code = `SAVE${tag()}`
    await discount({
      id: code.toLowerCase(),
      code,
      value: { kind: 'percentage', basisPoints: 1_000 },
      target: { kind: 'order' },
      usageLimit: 10,
      perCustomerLimit: 1,
    })
    const buyer = await shopper()
    const sent: unknown[] = []
    await recordEvents(buyer.id, sent)
    const body = {
      items: [
        { sku: standard, quantity: 2 },
        { sku: reduced, quantity: 1 },
      ],
      contact: CONTACT,
      shippingAddress: BERLIN,
      shippingMethodId: 'de-std',
      discountCodes: [code.toLowerCase()],
    }
    const res = await placeOrder(buyer.token, body, newKey())
    const order = (await res.json()) as OrderBody
    expect(res.status, JSON.stringify(order)).toBe(201)
    // 5,000 less 10% (400 + 100 by line), shipping 4.90 split 392/98 over the lines' VAT rates:
    // tax 575 (19% of 3,600 incl.) + 59 (7% of 900) + 63 + 6 on shipping.
    expect(order.totals).toMatchObject({
      subtotalMinor: 5_000,
      discountMinor: 500,
      discounts: [{ code, amountMinor: 500 }],
      shipping: { methodId: 'de-std', grossMinor: 490, taxMinor: 69 },
      taxMinor: 703,
      totalMinor: 4_990,
      weightGrams: 800,
    })
    expectAddsUp(order)
    expect(order.contact).toEqual({ email: 'erika@example.com', phone: '+4930123456' })
    expect(order.shippingAddress).toEqual(BERLIN)
    expect(order.billingAddress).toEqual(BERLIN)
    expect(await usage(code.toLowerCase())).toMatchObject({ reserved: 1, committed: 0 })

    const read = await call(`/v1/orders/${order.id}`, { token: buyer.token })
    expect(await read.json()).toMatchObject({ totals: order.totals, contact: order.contact })

    // The subtotal is not the total: the webhook refuses it and the order stays unpaid.
    const payment = { type: 'payment.succeeded', orderId: order.id, currency: order.currency }
    const short = await payWebhook({ ...payment, paymentId: 'p-short', amountMinor: 5_000 })
    expect(short.status).toBe(422)
    expect(((await short.json()) as OrderBody).error?.code).toBe('payment_mismatch')
    const paid = await payWebhook({ ...payment, paymentId: 'p-full', amountMinor: 4_990 })
    expect(paid.status).toBe(200)
    expect(await usage(code.toLowerCase())).toMatchObject({ reserved: 0, committed: 1 })

    // One use per customer: the second order with the code is refused and holds nothing.
    const again = await placeOrder(buyer.token, body, newKey())
    expect(again.status).toBe(422)
    expect(((await again.json()) as OrderBody).error?.code).toBe('discount_customer_limit')
    expect(await available(standard)).toBe(498)

    // The archive keeps the breakdown, contact and addresses.
    await expect.poll(() => sent.length).toBeGreaterThanOrEqual(2)
    await deliver(sent, `dc-${order.id.slice(0, 8)}`)
    expect(await archive().getOrder(order.id)).toMatchObject({
      status: 'paid',
      totalMinor: 4_990,
      totals: order.totals,
      contact: order.contact,
      shippingAddress: BERLIN,
      billingAddress: BERLIN,
    })
  })

  it('gives the code use back when the shopper cancels the unpaid order', async () => {
    await configureStore()
    const [sku] = (await product([{ priceMinor: 1_000 }])) as [string]
    const code = `ONCE${tag()}`
    await discount({
      id: code.toLowerCase(),
      code,
      value: { kind: 'fixed', amountMinor: 100, currency: 'EUR' },
      target: { kind: 'order' },
      usageLimit: 1,
    })
    const body = {
      items: [{ sku, quantity: 1 }],
      contact: CONTACT,
      shippingAddress: BERLIN,
      shippingMethodId: 'de-std',
      discountCodes: [code],
    }
    const first = await shopper()
    const order = (await (await placeOrder(first.token, body, newKey())).json()) as OrderBody
    expect(order.totalMinor).toBe(1_000 - 100 + 490)
    const second = await shopper()
    const refused = await placeOrder(second.token, body, newKey())
    expect(((await refused.json()) as OrderBody).error?.code).toBe('discount_exhausted')
    const cancelled = await call(`/v1/orders/${order.id}/cancel`, {
      method: 'POST',
      token: first.token,
    })
    expect(cancelled.status).toBe(200)
    expect(await usage(code.toLowerCase())).toMatchObject({ reserved: 0, committed: 0 })
    expect((await placeOrder(second.token, body, newKey())).status).toBe(201)
  })

  it('applies an automatic promotion of a category without a code', async () => {
    await configureStore()
    const category = `books-${tag().toLowerCase()}`
    const [book] = (await product([{ priceMinor: 2_500 }], 'reduced', category)) as [string]
    await discount({
      id: `auto-${category}`,
      code: null,
      value: { kind: 'percentage', basisPoints: 2_000 },
      target: { kind: 'categories', categoryIds: [category] },
    })
    const { token } = await shopper()
    const res = await placeOrder(
      token,
      {
        items: [{ sku: book, quantity: 2 }],
        contact: CONTACT,
        shippingAddress: BERLIN,
        shippingMethodId: 'de-free',
      },
      newKey(),
    )
    const order = (await res.json()) as OrderBody
    expect(res.status, JSON.stringify(order)).toBe(201)
    // 5,000 less 20% is 4,000: under the free-shipping threshold, so 9.90 is charged.
    expect(order.totals).toMatchObject({
      discountMinor: 1_000,
      discounts: [{ code: null, amountMinor: 1_000 }],
      shipping: { methodId: 'de-free', grossMinor: 990 },
      totalMinor: 4_990,
    })
    expectAddsUp(order)
  })
})

describe('a usage-limited code under concurrency', () => {
  it('redeems a code limited to 50 uses for exactly 50 of 200 concurrent shoppers, and frees the uses on expiry', async () => {
    await configureStore()
    const [sku] = (await product([{ priceMinor: 1_200, weightGrams: 100 }])) as [string]
    const code = `FLASH${tag()}`
    await discount({
      id: code.toLowerCase(),
      code,
      value: { kind: 'fixed', amountMinor: 200, currency: 'EUR' },
      target: { kind: 'order' },
      usageLimit: 50,
    })
    const crowd = await Promise.all(Array.from({ length: 200 }, () => shopper()))
    const answers = await Promise.all(
      crowd.map(async (s) => {
        const res = await placeOrder(
          s.token,
          {
            items: [{ sku, quantity: 1 }],
            contact: CONTACT,
            shippingAddress: BERLIN,
            shippingMethodId: 'de-std',
            discountCodes: [code],
          },
          newKey(),
        )
        return { shopper: s, status: res.status, body: (await res.json()) as OrderBody }
      }),
    )
    const placed = answers.filter((a) => a.status === 201)
    const refused = answers.filter((a) => a.status === 409)
    expect([placed.length, refused.length]).toEqual([50, 150])
    for (const a of placed) {
      expect(a.body.totals.discounts).toEqual([{ id: code.toLowerCase(), code, amountMinor: 200 }])
      expect(a.body.totalMinor).toBe(1_200 - 200 + 490)
    }
    for (const a of refused)
      expect(a.body.error).toMatchObject({
        code: 'discount_exhausted',
        details: [{ code, reason: 'discount_exhausted' }],
      })
    // The refused checkouts gave back the stock they had reserved beside the code.
    expect(await available(sku)).toBe(450)
    expect(await usage(code.toLowerCase())).toMatchObject({ reserved: 50, committed: 0 })
    // And made no second call to the code that refused them: it holds the 50 uses, no marks.
    const uses = await runInDurableObject(
      env.DISCOUNT_CODE.getByName(code.toUpperCase()),
      (_, state) =>
        state.storage.sql
          .exec<{ status: string; n: number }>(
            'SELECT status, COUNT(*) AS n FROM uses GROUP BY status ORDER BY status',
          )
          .toArray(),
    )
    expect(uses).toEqual([{ status: 'reserved', n: 50 }])

    // Unpaid, the 50 orders expire, and their uses and stock come back.
    const later = Date.now() + 16 * 60_000
    for (const a of placed) await dueWorkAt(env.SHOPPER.getByName(a.shopper.id), later)
    expect(await usage(code.toLowerCase())).toMatchObject({ reserved: 0, committed: 0 })
    expect(await available(sku)).toBe(500)
    const next = await shopper()
    const res = await placeOrder(
      next.token,
      {
        items: [{ sku, quantity: 1 }],
        contact: CONTACT,
        shippingAddress: BERLIN,
        shippingMethodId: 'de-std',
        discountCodes: [code],
      },
      newKey(),
    )
    expect(res.status).toBe(201)
  }, 60_000)
})
