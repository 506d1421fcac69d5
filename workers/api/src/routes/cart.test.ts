/** @module Tests of the cart routes against the real Worker, Cart objects and the D1 catalog. */
import { describe, expect, it } from 'vitest'
import { call, errorCode, signUp } from '#test/workers/accounts'
import { productWith } from '#test/workers/checkout-helpers'

const put = (token: string, sku: string, json: unknown) =>
  call(`/v1/cart/items/${sku}`, { method: 'PUT', token, json })

describe('cart routes', () => {
  it('sets, updates and removes lines of catalog SKUs, in the order they were added', async () => {
    const [a, b] = (await productWith([100, 200])) as [string, string]
    const { token } = await signUp()
    expect(await (await call('/v1/cart', { token })).json()).toEqual({
      items: [],
      updatedAt: null,
      lines: [],
      shippingMethods: [],
      totals: null,
      refused: [],
    })
    await put(token, b, { quantity: 2 })
    await put(token, a, { quantity: 1 })
    const updated = await put(token, b, { quantity: 5 })
    expect(((await updated.json()) as { items: unknown }).items).toEqual([
      { sku: b, quantity: 5 },
      { sku: a, quantity: 1 },
    ])
    const removed = await call(`/v1/cart/items/${b.toLowerCase()}`, { method: 'DELETE', token })
    expect(((await removed.json()) as { items: unknown }).items).toEqual([{ sku: a, quantity: 1 }])
    const again = await call(`/v1/cart/items/${b}`, { method: 'DELETE', token })
    expect(again.status).toBe(200)
  })

  it('keeps carts apart: each shopper sees only their own', async () => {
    const [sku] = (await productWith([100])) as [string]
    const [one, two] = [await signUp(), await signUp()]
    await put(one.token, sku, { quantity: 3 })
    expect(
      ((await (await call('/v1/cart', { token: two.token })).json()) as { items: [] }).items,
    ).toEqual([])
  })

  it('refuses SKUs that cannot be ordered (404) and bad input (400), changing nothing', async () => {
    const [sku] = (await productWith([100])) as [string]
    const [draft] = (await productWith([100], 'draft')) as [string]
    const { token } = await signUp()
    await put(token, sku, { quantity: 1 })
    for (const [path, body, status, code] of [
      ['NO-SUCH-SKU', { quantity: 1 }, 404, 'not_found'],
      [draft, { quantity: 1 }, 404, 'not_found'],
      [sku, { quantity: 0 }, 400, 'validation_failed'],
      [sku, { quantity: 100 }, 400, 'validation_failed'],
      [sku, { quantity: 1.5 }, 400, 'validation_failed'],
      [sku, { quantity: 1, price: 1 }, 400, 'validation_failed'],
      [sku, {}, 400, 'validation_failed'],
      ['bad%20sku', { quantity: 1 }, 400, 'validation_failed'],
    ] as const) {
      const res = await put(token, path, body)
      expect([path, res.status, await errorCode(res)]).toEqual([path, status, code])
    }
    const bad = await call('/v1/cart/items/-x', { method: 'DELETE', token })
    expect(bad.status).toBe(400)
    expect(
      ((await (await call('/v1/cart', { token })).json()) as { items: unknown }).items,
    ).toEqual([{ sku, quantity: 1 }])
  })
})
