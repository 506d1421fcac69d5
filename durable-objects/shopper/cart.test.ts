/** @module Tests of the shopper's cart in workerd. */
import { describe, expect, it } from 'vitest'
import { AppError } from '#domain/errors'
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from './limits'
import { newShopper, shoppers } from './test-helpers'

describe('Shopper cart', () => {
  it('sets, updates and removes lines, keeping the order they were added in', async () => {
    const s = shoppers()
    const u = newShopper()
    expect(await s.cart(u)).toEqual({ items: [], updatedAt: null })
    await s.setCartItem(u, 'sku-b', 2)
    await s.setCartItem(u, 'sku-a', 1)
    const updated = await s.setCartItem(u, 'sku-b', 5)
    expect(updated.items).toEqual([
      { sku: 'sku-b', quantity: 5 },
      { sku: 'sku-a', quantity: 1 },
    ])
    expect(updated.updatedAt).toBeGreaterThan(0)
    expect((await s.setCartItem(u, 'sku-b', 0)).items).toEqual([{ sku: 'sku-a', quantity: 1 }])
    expect((await s.removeCartItems(u, ['sku-a'])).items).toEqual([])
    expect((await s.removeCartItems(u, ['sku-a'])).items).toEqual([])
  })

  it('keeps each shopper’s cart apart and clears one', async () => {
    const s = shoppers()
    const [u1, u2] = [newShopper(), newShopper()]
    await s.setCartItem(u1, 'sku-1', 1)
    await s.setCartItem(u2, 'sku-2', 2)
    expect(await s.clearCart(u1)).toEqual({ items: [], updatedAt: null })
    expect((await s.cart(u2)).items).toEqual([{ sku: 'sku-2', quantity: 2 }])
  })

  it('refuses bad quantities, bad SKUs and a line beyond the limit, changing nothing', async () => {
    const s = shoppers()
    const u = newShopper()
    await s.setCartItem(u, 'keep', 1)
    for (const [sku, quantity] of [
      ['keep', MAX_LINE_QUANTITY + 1],
      ['keep', -1],
      ['keep', 1.5],
      ['', 1],
      ['bad sku', 1],
    ] as const) {
      const err = await s.setCartItem(u, sku, quantity).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(AppError)
      expect(err).toMatchObject({ code: 'validation_failed' })
    }
    for (let i = 1; i < MAX_CART_LINES; i++) await s.setCartItem(u, `sku-${i}`, 1)
    await expect(s.setCartItem(u, 'one-too-many', 1)).rejects.toMatchObject({
      code: 'validation_failed',
    })
    expect(await s.setCartItem(u, 'keep', 3)).toMatchObject({ items: expect.any(Array) })
    const items = (await s.cart(u)).items
    expect(items).toHaveLength(MAX_CART_LINES)
    expect(items[0]).toEqual({ sku: 'keep', quantity: 3 })
  })

  it('removes lines whatever their case, and refuses a bad SKU', async () => {
    const s = shoppers()
    const u = newShopper()
    await s.setCartItem(u, 'SKU-A', 1)
    await s.setCartItem(u, 'SKU-B', 2)
    await s.setCartItem(u, 'SKU-C', 3)
    expect((await s.removeCartItems(u, ['sku-a', 'SKU-C', 'SKU-Z'])).items).toEqual([
      { sku: 'SKU-B', quantity: 2 },
    ])
    await expect(s.removeCartItems(u, ['bad sku'])).rejects.toMatchObject({
      code: 'validation_failed',
    })
  })

  it('names objects only by valid user ids', async () => {
    for (const bad of ['user-1', '', 'F0E1D2C3-B4A5-4968-8776-655443322110'])
      await expect(Promise.resolve().then(() => shoppers().cart(bad))).rejects.toMatchObject({
        code: 'validation_failed',
      })
  })
})
