/**
 * @module Invariant 7 for checkout: with the database unreachable, orders are still placed, priced
 * from the KV price list that every catalog write keeps; a SKU the catalog dropped is not sold.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_KEY, call } from './accounts'
import {
  createProduct,
  DATABASE_DOWN,
  newKey,
  placeOrder,
  receive,
  shopper,
} from './checkout-helpers'

describe('checkout with the database down', () => {
  it('places the order at the catalog price, and refuses a SKU the catalog no longer has', async () => {
    const product = await createProduct([1_250, 900])
    const [kept, dropped] = product.skus as [string, string]
    await receive(kept, 3)
    await receive(dropped, 3)
    // The admin drops one variant and changes the other's price; the KV price list follows.
    const patched = await call(`/v1/admin/products/${product.id}`, {
      method: 'PATCH',
      token: ADMIN_KEY,
      json: { variants: [{ sku: kept, priceMinor: 1_100 }] },
    })
    expect(patched.status).toBe(200)

    const buyer = await shopper()
    const placed = await placeOrder(
      buyer.token,
      { items: [{ sku: kept, quantity: 2 }] },
      newKey(),
      DATABASE_DOWN,
    )
    expect(placed.status).toBe(201)
    const order = (await placed.json()) as {
      totalMinor: number
      lines: { unitPriceMinor: number }[]
    }
    expect(order.lines[0]?.unitPriceMinor).toBe(1_100)
    expect(order.totalMinor).toBe(2_200)

    const refused = await placeOrder(
      buyer.token,
      { items: [{ sku: dropped, quantity: 1 }] },
      newKey(),
      DATABASE_DOWN,
    )
    expect(refused.status).toBe(422)
    expect(await refused.json()).toMatchObject({ error: { code: 'sku_unavailable' } })
  })
})
