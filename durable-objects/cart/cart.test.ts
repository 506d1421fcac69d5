/** @module Tests of the Cart object in workerd. */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { AppError } from '#domain/errors'
import { Carts } from './adapter'
import { MAX_CART_LINES } from './cart'

const carts = () => new Carts(env.CART)
const shopper = () => `user-${crypto.randomUUID()}`

describe('Cart', () => {
  it('sets, updates and removes lines, keeping the order they were added in', async () => {
    const c = carts()
    const u = shopper()
    expect(await c.get(u)).toEqual({ items: [], updatedAt: null })
    await c.setItem(u, 'sku-b', 2)
    await c.setItem(u, 'sku-a', 1)
    const updated = await c.setItem(u, 'sku-b', 5)
    expect(updated.items).toEqual([
      { sku: 'sku-b', quantity: 5 },
      { sku: 'sku-a', quantity: 1 },
    ])
    expect(updated.updatedAt).toBeGreaterThan(0)
    expect((await c.setItem(u, 'sku-b', 0)).items).toEqual([{ sku: 'sku-a', quantity: 1 }])
    expect((await c.removeItem(u, 'sku-a')).items).toEqual([])
    expect((await c.removeItem(u, 'sku-a')).items).toEqual([])
  })

  it('keeps each shopper’s cart apart and clears one', async () => {
    const c = carts()
    const [u1, u2] = [shopper(), shopper()]
    await c.setItem(u1, 'sku-1', 1)
    await c.setItem(u2, 'sku-2', 2)
    expect(await c.clear(u1)).toEqual({ items: [], updatedAt: null })
    expect((await c.get(u2)).items).toEqual([{ sku: 'sku-2', quantity: 2 }])
  })

  it('refuses bad quantities, bad SKUs and a line beyond the limit, changing nothing', async () => {
    const c = carts()
    const u = shopper()
    await c.setItem(u, 'keep', 1)
    for (const [sku, quantity] of [
      ['keep', 100],
      ['keep', -1],
      ['keep', 1.5],
      ['', 1],
      ['bad sku', 1],
    ] as const) {
      const err = await c.setItem(u, sku, quantity).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(AppError)
      expect(err).toMatchObject({ code: 'validation_failed' })
    }
    for (let i = 1; i < MAX_CART_LINES; i++) await c.setItem(u, `sku-${i}`, 1)
    await expect(c.setItem(u, 'one-too-many', 1)).rejects.toMatchObject({
      code: 'validation_failed',
    })
    expect(await c.setItem(u, 'keep', 3)).toMatchObject({ items: expect.any(Array) })
    const items = (await c.get(u)).items
    expect(items).toHaveLength(MAX_CART_LINES)
    expect(items[0]).toEqual({ sku: 'keep', quantity: 3 })
  })

  it('removes the ordered lines only, whatever their case, keeping lines added meanwhile', async () => {
    const c = carts()
    const u = shopper()
    await c.setItem(u, 'SKU-A', 1)
    await c.setItem(u, 'SKU-B', 2)
    await c.setItem(u, 'SKU-C', 3)
    expect((await c.removeItems(u, ['sku-a', 'SKU-C', 'SKU-Z'])).items).toEqual([
      { sku: 'SKU-B', quantity: 2 },
    ])
    await expect(c.removeItems(u, ['bad sku'])).rejects.toMatchObject({ code: 'validation_failed' })
  })

  it('keeps the shopper’s live orders newest first until they are forgotten', async () => {
    const c = carts()
    const u = shopper()
    const id = (n: string) => n.repeat(64)
    await c.trackOrder(u, { id: id('a'), createdAt: 1 })
    await c.trackOrder(u, { id: id('b'), createdAt: 2 })
    await c.trackOrder(u, { id: id('a'), createdAt: 1 })
    expect(await c.liveOrders(u)).toEqual([
      { id: id('b'), createdAt: 2 },
      { id: id('a'), createdAt: 1 },
    ])
    await c.forgetOrders(u, [id('b'), 'not-an-id'])
    expect((await c.liveOrders(u)).map((r) => r.id)).toEqual([id('a')])
    expect(await c.liveOrders(shopper())).toEqual([])
    await expect(c.trackOrder(u, { id: 'nope', createdAt: 1 })).rejects.toMatchObject({
      code: 'validation_failed',
    })
    // The cart itself is untouched by the order index.
    expect(await c.get(u)).toEqual({ items: [], updatedAt: null })
  })
})
