/**
 * @module The priced cart over HTTP in workerd: lines priced and flagged (archived, over stock),
 * shipping methods for a country, a code applied or listed as refused, and the same totals as the
 * order placed from that cart with the same choices.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_KEY, call } from '#test/workers/accounts'
import { newKey, placeOrder, shopper } from '#test/workers/checkout-helpers'
import { BERLIN, CONTACT, configureStore, discount, expectAddsUp, product } from './helpers'

type PricedCart = {
  lines: {
    sku: string
    unitPriceMinor: number | null
    available: number | null
    problem: string | null
  }[]
  shippingMethods: { methodId: string; amountMinor: number }[]
  totals: { totalMinor: number; discountMinor: number; shipping: unknown } | null
  refused: { field: string; value: string; code: string }[]
}

const put = (token: string, sku: string, quantity: number) =>
  call(`/v1/cart/items/${sku}`, { method: 'PUT', token, json: { quantity } })

describe('the priced cart', () => {
  it('prices and flags each line and totals the buyable ones as the order will', async () => {
    await configureStore()
    const [shirt] = (await product([{ priceMinor: 1_500, weightGrams: 200 }])) as [string]
    const [scarce] = (await product([{ priceMinor: 800 }], 'standard', 'test', 2)) as [string]
    const [gone] = (await product([{ priceMinor: 300 }])) as [string]
    const code = `CART${crypto.randomUUID().slice(0, 6).toUpperCase()}`
    await discount({
      id: code.toLowerCase(),
      code,
      value: { kind: 'fixed', amountMinor: 500, currency: 'EUR' },
      target: { kind: 'order' },
      minSubtotalMinor: 2_000,
    })
    const { token } = await shopper()
    for (const [sku, n] of [
      [shirt, 2],
      [scarce, 3],
      [gone, 1],
    ] as const)
      expect((await put(token, sku, n)).status).toBe(200)
    // The third product is archived after it was put in the cart.
    const productId = (
      (await (await call(`/v1/variants?sku=${gone}`)).json()) as {
        items: { productId: string }[]
      }
    ).items[0]?.productId
    const archived = await call(`/v1/admin/products/${productId}`, {
      method: 'PATCH',
      token: ADMIN_KEY,
      json: { status: 'archived' },
    })
    expect(archived.status).toBe(200)

    const bare = (await (await call('/v1/cart', { token })).json()) as PricedCart
    expect(bare.lines).toEqual([
      {
        sku: shirt,
        quantity: 2,
        productId: expect.any(String),
        title: expect.any(String),
        productTitle: expect.any(String),
        variantTitle: expect.any(String),
        unitPriceMinor: 1_500,
        available: 500,
        problem: null,
      },
      {
        sku: scarce,
        quantity: 3,
        productId: expect.any(String),
        title: expect.any(String),
        productTitle: expect.any(String),
        variantTitle: expect.any(String),
        unitPriceMinor: 800,
        available: 2,
        problem: 'insufficient_stock',
      },
      {
        sku: gone,
        quantity: 1,
        productId: null,
        title: null,
        productTitle: null,
        variantTitle: null,
        unitPriceMinor: null,
        available: null,
        problem: 'not_active',
      },
    ])
    // Without an address: tax at the store's origin, no shipping, no methods.
    expect(bare.shippingMethods).toEqual([])
    expect(bare.totals).toMatchObject({ subtotalMinor: 5_400, shipping: null, totalMinor: 5_400 })

    const query = `country=DE&shippingMethodId=de-std&codes=${code.toLowerCase()},NOPE123`
    const priced = (await (await call(`/v1/cart?${query}`, { token })).json()) as PricedCart
    expect(priced.shippingMethods.map((m) => [m.methodId, m.amountMinor])).toEqual([
      ['de-std', 490],
      ['de-free', 990],
    ])
    expect(priced.refused).toEqual([
      { field: 'discountCodes', value: 'NOPE123', code: 'discount_not_found' },
    ])
    expect(priced.totals).toMatchObject({ discountMinor: 500, totalMinor: 5_400 - 500 + 490 })

    // The order from this cart, with the scarce line set within stock and the archived one out.
    await put(token, scarce, 2)
    await call(`/v1/cart/items/${gone}`, { method: 'DELETE', token })
    const cart = (await (
      await call(`/v1/cart?${query.replace(',NOPE123', '')}`, { token })
    ).json()) as PricedCart
    expect(cart.lines.every((l) => l.problem === null)).toBe(true)
    const res = await placeOrder(
      token,
      {
        fromCart: true,
        contact: CONTACT,
        shippingAddress: BERLIN,
        shippingMethodId: 'de-std',
        discountCodes: [code],
      },
      newKey(),
    )
    const order = (await res.json()) as Parameters<typeof expectAddsUp>[0]
    expect(res.status, JSON.stringify(order)).toBe(201)
    expectAddsUp(order)
    expect(order.totals).toEqual(cart.totals)
  })

  it('refuses a malformed country or codes with 400', async () => {
    const { token } = await shopper()
    for (const q of ['country=ZZ', 'codes=a', 'codes=AAA,BBB,CCC,DDD', 'other=1'])
      expect((await call(`/v1/cart?${q}`, { token })).status).toBe(400)
  })
})
