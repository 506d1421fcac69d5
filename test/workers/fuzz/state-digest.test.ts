/**
 * The fuzz pass's state digest sees every kind of write it is meant to catch (a 4xx that wrote
 * would otherwise pass unnoticed), and reads the same twice when nothing was written.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_KEY, call, storedUser } from '../accounts'
import { createProduct, receive } from '../checkout-helpers'
import { changedParts, stateDigest } from './state-digest'

describe('the fuzz pass state digest', () => {
  it('is the same twice over an unchanged store', async () => {
    const first = await stateDigest()
    expect(changedParts(first, await stateDigest())).toEqual([])
  })

  it('names the D1 table and the KV keys a product write changes', async () => {
    const before = await stateDigest()
    await createProduct([1_000])
    const changed = changedParts(before, await stateDigest())
    expect(changed).toContain('d1:products')
    expect(changed).toContain('kv')
  })

  it("names the objects that gained storage: a SKU's stock, a shopper's cart", async () => {
    const { skus } = await createProduct([1_000])
    const sku = skus[0] as string
    const shopper = await storedUser()
    const before = await stateDigest()
    await receive(sku, 2)
    const res = await call(`/v1/cart/items/${sku}`, {
      method: 'PUT',
      token: shopper.token,
      json: { quantity: 1 },
    })
    expect(res.status).toBe(200)
    const changed = changedParts(before, await stateDigest())
    expect(changed).toContain('objects:INVENTORY_ITEM')
    expect(changed).toContain('objects:SHOPPER')
  })

  it('sees a row changed in place, not only rows added', async () => {
    const { id } = await createProduct([1_000])
    const before = await stateDigest()
    const res = await call(`/v1/admin/products/${id}`, {
      method: 'PATCH',
      token: ADMIN_KEY,
      json: { title: 'Renamed in place' },
    })
    expect(res.status).toBe(200)
    expect(changedParts(before, await stateDigest())).toContain('d1:products')
  })
})
