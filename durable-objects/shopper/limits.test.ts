/** @module Tests of the per-shopper limits on what can be held at once (issue 14, point 4). */
import { describe, expect, it } from 'vitest'
import { MAX_HELD_UNITS, MAX_PENDING_ORDERS, MAX_UNITS_PER_SKU } from './limits'
import { command, inventory, newShopper, shoppers, stocked } from './test-helpers'

describe('Shopper limits', () => {
  it('refuses a 50-line order holding all stock, holding nothing', async () => {
    const skus = await Promise.all(Array.from({ length: 50 }, () => stocked(20)))
    const user = newShopper()
    const err = await shoppers()
      .checkout(user, command(skus.map((sku) => ({ sku, quantity: 20 }))))
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'purchase_limit', details: { limit: 'units_per_sku' } })
    for (const sku of skus.slice(0, 5))
      expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 0, available: 20 })
  })

  it('caps the units held over every unpaid order of a shopper', async () => {
    const skus = await Promise.all(Array.from({ length: 6 }, () => stocked(20)))
    const user = newShopper()
    const per = MAX_UNITS_PER_SKU
    const lines = skus.slice(0, MAX_HELD_UNITS / per).map((sku) => ({ sku, quantity: per }))
    expect((await shoppers().checkout(user, command(lines))).ok).toBe(true)
    const err = await shoppers()
      .checkout(user, command([{ sku: skus[5] as string, quantity: 1 }]))
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'purchase_limit', details: { limit: 'held_units' } })
    expect(await inventory().snapshot(skus[5] as string)).toMatchObject({ reserved: 0 })
  })

  it('caps unpaid orders; a cancel frees a place', async () => {
    const sku = await stocked(20)
    const user = newShopper()
    const ids: string[] = []
    for (let i = 0; i < MAX_PENDING_ORDERS; i++) {
      const r = await shoppers().checkout(user, command([{ sku, quantity: 1 }]))
      if (!r.ok) throw new Error('expected an order')
      ids.push(r.order.id)
    }
    await expect(shoppers().checkout(user, command([{ sku, quantity: 1 }]))).rejects.toMatchObject({
      code: 'purchase_limit',
      details: { limit: 'pending_orders' },
    })
    await shoppers().cancel(ids[0] as string)
    expect((await shoppers().checkout(user, command([{ sku, quantity: 1 }]))).ok).toBe(true)
  })

  it('lets 20 concurrent checkouts of one shopper past the limits no further than one at a time would', async () => {
    const sku = await stocked(100)
    const user = newShopper()
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        shoppers().checkout(user, command([{ sku, quantity: MAX_UNITS_PER_SKU }])),
      ),
    )
    const placed = results.filter((r) => r.status === 'fulfilled' && r.value.ok).length
    expect(placed).toBe(Math.min(MAX_PENDING_ORDERS, MAX_HELD_UNITS / MAX_UNITS_PER_SKU))
    expect(await inventory().snapshot(sku)).toMatchObject({
      reserved: placed * MAX_UNITS_PER_SKU,
    })
  })
})
