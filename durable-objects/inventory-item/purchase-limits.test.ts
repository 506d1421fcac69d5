/** @module Tests of per-customer purchase limits in the SKU's own object, in workerd. */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { migrationVersion } from '../shared/migrations'
import { INVENTORY_MIGRATIONS } from './schema'
import { expectStockAddsUp, hold, inventory, sku } from './test-helpers'

const forCustomer = (id: string, customerId: string, quantity = 1, expiresAt?: number) => ({
  ...hold(id, quantity, expiresAt),
  customerId,
})

describe('InventoryItem purchase limits', () => {
  it('holds at most the limit for one customer under 20 concurrent reservations', async () => {
    const s = sku('drop')
    await inventory().receive(s, 100)
    await inventory().setPurchaseLimit(s, 2)
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => inventory().reserve(s, forCustomer(`r${i}`, 'alice'))),
    )
    expect(answers.filter((a) => a.reserved)).toHaveLength(2)
    expect(answers.find((a) => !a.reserved)).toMatchObject({ limit: { perCustomer: 2, used: 2 } })
    expect(await inventory().snapshot(s)).toMatchObject({ reserved: 2, available: 98 })
    // Another customer, and a repeat of a granted reservation, are unaffected.
    expect((await inventory().reserve(s, forCustomer('b1', 'bob', 2))).reserved).toBe(true)
    const granted = answers.findIndex((a) => a.reserved)
    expect((await inventory().reserve(s, forCustomer(`r${granted}`, 'alice'))).reserved).toBe(true)
    // A request naming no customer cannot pass a limit.
    expect(await inventory().reserve(s, hold('anon'))).toMatchObject({ reserved: false })
    await expectStockAddsUp(inventory(), s)
  })

  it('counts bought units, and gives back released and expired ones', async () => {
    const s = sku('drop')
    await inventory().receive(s, 10)
    await inventory().setPurchaseLimit(s, 2)
    expect((await inventory().reserve(s, forCustomer('a', 'carol'))).reserved).toBe(true)
    await inventory().commit(s, 'a')
    expect((await inventory().reserve(s, forCustomer('b', 'carol'))).reserved).toBe(true)
    expect((await inventory().reserve(s, forCustomer('c', 'carol'))).reserved).toBe(false)
    await inventory().release(s, 'b')
    await inventory().release(s, 'b')
    expect(
      (await inventory().reserve(s, forCustomer('d', 'carol', 1, Date.now() - 120_000))).reserved,
    ).toBe(true)
    await runDurableObjectAlarm(env.INVENTORY_ITEM.getByName(s))
    expect((await inventory().reserve(s, forCustomer('e', 'carol'))).reserved).toBe(true)
    expect((await inventory().reserve(s, forCustomer('f', 'carol'))).reserved).toBe(false)
    expect(await inventory().purchaseLimit(s)).toBe(2)
    expect(await inventory().setPurchaseLimit(s, null)).toBeNull()
    expect((await inventory().reserve(s, forCustomer('g', 'carol'))).reserved).toBe(true)
  })

  it('applies its schema as one numbered list of migrations', async () => {
    const s = sku('schema')
    await inventory().receive(s, 1)
    const version = await runInDurableObject(env.INVENTORY_ITEM.getByName(s), (_, state) =>
      migrationVersion(state.storage.sql),
    )
    expect(version).toBe(INVENTORY_MIGRATIONS.length)
  })
})
