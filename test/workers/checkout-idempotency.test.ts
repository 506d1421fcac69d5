import { describe, expect, it } from 'vitest'
import { ADMIN_KEY, call, errorCode, signUp } from './accounts'
import {
  createProduct,
  inventory,
  newKey,
  placeOrder,
  productWith,
  receive,
  shopper,
} from './checkout-helpers'

// Checkouts are limited to 10 a minute per shopper (CHECKOUT_RATE_LIMIT, counted by the
// shopper's object): tests that send more on purpose raise it for every request of that shopper.
const ROOMY = { CHECKOUT_RATE_LIMIT: '100000' }

const history = async (token: string) =>
  ((await (await call('/v1/orders', { token })).json()) as { items: { id: string }[] }).items

describe('POST /v1/orders idempotency', () => {
  it('makes one order of 20 concurrent identical requests and answers all 20 alike', async () => {
    const [sku] = (await productWith([2_000])) as [string]
    await receive(sku, 10)
    const { token } = await shopper()
    const key = newKey()
    const body = { items: [{ sku, quantity: 3 }] }
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => placeOrder(token, body, key, ROOMY)),
    )
    const texts = await Promise.all(responses.map((r) => r.text()))
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201))
    expect(new Set(texts).size).toBe(1)
    const order = JSON.parse(texts[0] as string)
    expect(order).toMatchObject({ status: 'pending_payment', totalMinor: 6_000, version: 1 })
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 3, available: 7 })
    expect((await inventory().ledger(sku, 100)).filter((e) => e.kind === 'reserve')).toHaveLength(1)
    expect((await history(token)).map((o) => o.id)).toEqual([order.id])

    // The same lines in another order and spelling are the same request.
    const again = await placeOrder(
      token,
      { items: [{ quantity: 3, sku: sku.toLowerCase() }] },
      key,
      ROOMY,
    )
    expect([again.status, await again.text()]).toEqual([201, texts[0]])
  })

  it('answers a retry from the stored result even after the price changed', async () => {
    const { id, skus } = await createProduct([1_000])
    const sku = skus[0] as string
    await receive(sku, 5)
    const { token } = await shopper()
    const key = newKey()
    const first = await placeOrder(token, { items: [{ sku, quantity: 1 }] }, key, ROOMY)
    const patched = await call(`/v1/admin/products/${id}`, {
      method: 'PATCH',
      token: ADMIN_KEY,
      json: { variants: [{ sku, priceMinor: 1_200 }] },
    })
    expect(patched.status).toBe(200)
    const retry = await placeOrder(token, { items: [{ sku, quantity: 1 }] }, key, ROOMY)
    expect([retry.status, await retry.text()]).toEqual([201, await first.text()])
  })

  it('refuses the same key with another body (422) and changes nothing', async () => {
    const [sku] = (await productWith([500])) as [string]
    await receive(sku, 5)
    const { token } = await shopper()
    const key = newKey()
    expect((await placeOrder(token, { items: [{ sku, quantity: 1 }] }, key, ROOMY)).status).toBe(
      201,
    )
    const other = await placeOrder(token, { items: [{ sku, quantity: 2 }] }, key, ROOMY)
    expect(other.status).toBe(422)
    expect(await errorCode(other)).toBe('idempotency_key_reused')
    const cart = await placeOrder(token, { fromCart: true }, key, ROOMY)
    expect(await errorCode(cart)).toBe('idempotency_key_reused')
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 1, available: 4 })
    expect(await history(token)).toHaveLength(1)
  })

  it('repeats a 409 for the same key, and a new key may try again', async () => {
    const [sku] = (await productWith([500])) as [string]
    await receive(sku, 1)
    const { token } = await shopper()
    const key = newKey()
    const body = { items: [{ sku, quantity: 2 }] }
    const first = await placeOrder(token, body, key, ROOMY)
    const second = await placeOrder(token, body, key, ROOMY)
    const [a, b] = [await first.json(), await second.json()]
    expect([first.status, second.status]).toEqual([409, 409])
    expect((b as { error: object }).error).toMatchObject({
      code: 'insufficient_stock',
      details: (a as { error: { details: unknown } }).error.details,
    })
    const fresh = await placeOrder(token, { items: [{ sku, quantity: 1 }] }, newKey(), ROOMY)
    expect(fresh.status).toBe(201)
  })
})

describe('POST /v1/orders from the cart', () => {
  it('orders what the cart holds, empties it, and answers a retry the same', async () => {
    const [a, b] = (await productWith([1_000, 250])) as [string, string]
    await receive(a, 5)
    await receive(b, 5)
    const { token } = await signUp()
    for (const [sku, quantity] of [
      [a, 2],
      [b, 1],
    ] as const)
      expect(
        (await call(`/v1/cart/items/${sku}`, { method: 'PUT', token, json: { quantity } })).status,
      ).toBe(200)
    const key = newKey()
    const placed = await placeOrder(token, { fromCart: true }, key)
    expect(placed.status).toBe(201)
    const order = await placed.json()
    expect(order).toMatchObject({ totalMinor: 2_250, lines: [{ sku: a, quantity: 2 }, { sku: b }] })
    expect(await (await call('/v1/cart', { token })).json()).toMatchObject({
      items: [],
      updatedAt: null,
      lines: [],
      totals: null,
    })
    const retry = await placeOrder(token, { fromCart: true }, key)
    expect([retry.status, await retry.json()]).toEqual([201, order])
    const empty = await placeOrder(token, { fromCart: true }, newKey())
    expect([empty.status, await errorCode(empty)]).toEqual([400, 'cart_empty'])
  })
})
