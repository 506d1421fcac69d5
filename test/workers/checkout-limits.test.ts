import { describe, expect, it } from 'vitest'
import { ADMIN_KEY, call, errorCode } from './accounts'
import { inventory, newKey, placeOrder, productWith, receive, shopper } from './checkout-helpers'

// Shoppers here place more than 10 orders a minute: CHECKOUT_RATE_LIMIT raised for their
// requests, so that only the rate-limit test (checkout-bad-input) meets the real one.
const ROOMY = { CHECKOUT_RATE_LIMIT: '100000' }

const setLimit = (sku: string, perCustomer: number | null) =>
  call(`/v1/admin/inventory/${sku}/purchase-limit`, {
    method: 'PUT',
    token: ADMIN_KEY,
    json: { perCustomer },
  })

describe('per-shopper holding limits', () => {
  it('refuses one order of 50 lines each holding all of its SKU’s stock, holding nothing', async () => {
    // Five products of ten variants: one product of 50 is more than D1 binds in one statement.
    const skus = (
      await Promise.all(Array.from({ length: 5 }, () => productWith(Array(10).fill(100))))
    ).flat()
    await Promise.all(skus.map((sku) => receive(sku, 20)))
    const { token } = await shopper()
    const res = await placeOrder(
      token,
      { items: skus.map((sku) => ({ sku, quantity: 20 })) },
      newKey(),
    )
    expect([res.status, await errorCode(res)]).toEqual([422, 'purchase_limit'])
    for (const sku of skus.slice(0, 3))
      expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 0, available: 20 })
  })
})

describe('per-SKU purchase limits', () => {
  it('sells at most 2 to one shopper sending 20 checkouts of a limit-2 SKU at once', async () => {
    const [sku] = (await productWith([5_000])) as [string]
    await receive(sku, 100)
    const put = await setLimit(sku, 2)
    expect([put.status, await put.json()]).toEqual([200, { sku, perCustomer: 2 }])
    const { token } = await shopper()
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        placeOrder(token, { items: [{ sku, quantity: 1 }] }, newKey(), ROOMY),
      ),
    )
    const placed = answers.filter((r) => r.status === 201)
    expect(placed).toHaveLength(2)
    for (const r of answers.filter((a) => a.status !== 201))
      expect([r.status, await errorCode(r)]).toEqual([422, 'purchase_limit'])
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 2, available: 98 })
    // Another shopper has a limit of their own.
    const other = await shopper()
    const theirs = await placeOrder(other.token, { items: [{ sku, quantity: 2 }] }, newKey())
    expect(theirs.status).toBe(201)
  })

  it('gives units back when an unpaid order is cancelled, and can be lifted', async () => {
    const [sku] = (await productWith([700])) as [string]
    await receive(sku, 10)
    expect((await setLimit(sku, 1)).status).toBe(200)
    const user = await shopper()
    const first = await placeOrder(user.token, { items: [{ sku, quantity: 1 }] }, newKey())
    expect(first.status).toBe(201)
    const refused = await placeOrder(user.token, { items: [{ sku, quantity: 1 }] }, newKey())
    expect([refused.status, await errorCode(refused)]).toEqual([422, 'purchase_limit'])
    const { id } = (await first.json()) as { id: string }
    const cancel = await call(`/v1/orders/${id}/cancel`, { method: 'POST', token: user.token })
    expect(cancel.status).toBe(200)
    const again = await placeOrder(user.token, { items: [{ sku, quantity: 1 }] }, newKey())
    expect(again.status).toBe(201)
    expect((await setLimit(sku, null)).status).toBe(200)
    const lifted = await placeOrder(user.token, { items: [{ sku, quantity: 2 }] }, newKey())
    expect(lifted.status).toBe(201)
  })

  it('refuses sharding a limited SKU and limiting a sharded one, and bad limits', async () => {
    const [a, b] = (await productWith([100, 200])) as [string, string]
    expect((await setLimit(a, 2)).status).toBe(200)
    const shard = await call(`/v1/admin/inventory/${a}/shards`, {
      method: 'PUT',
      token: ADMIN_KEY,
      json: { shards: 4 },
    })
    expect([shard.status, await errorCode(shard)]).toEqual([409, 'conflict'])
    const sharded = await call(`/v1/admin/inventory/${b}/shards`, {
      method: 'PUT',
      token: ADMIN_KEY,
      json: { shards: 2 },
    })
    expect(sharded.status).toBe(200)
    const limit = await setLimit(b, 2)
    expect([limit.status, await errorCode(limit)]).toEqual([409, 'conflict'])
    for (const bad of [0, -1, 1.5, 1_001, '2'])
      expect((await setLimit(a, bad as number)).status).toBe(400)
    const read = await call(`/v1/admin/inventory/${a}/purchase-limit`, { token: ADMIN_KEY })
    expect(await read.json()).toEqual({ sku: a, perCustomer: 2 })
    const unknown = await setLimit('NO-SUCH-SKU-LIMIT', 2)
    expect(unknown.status).toBe(404)
    const shopperCall = await call(`/v1/admin/inventory/${a}/purchase-limit`, {
      method: 'PUT',
      token: (await shopper()).token,
      json: { perCustomer: 5 },
    })
    expect(shopperCall.status).toBe(403)
  })
})
