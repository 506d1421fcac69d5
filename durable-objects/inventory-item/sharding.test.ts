/** @module Tests of a sharded hot SKU in workerd: same answers as one object, every unit accounted for. */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { stockHintKey } from '#domain/catalog/search-document'
import { DurableObjectCounters } from '../counters/adapter'
import type { Reservation } from './adapter'
import type { InventoryItem } from './inventory-item'
import { probeOrder, shardName, sliceFor } from './sharding'
import { eventually, expectStockAddsUp, hold, inventory, sku } from './test-helpers'
import type { Transfer } from './transfer-store'

describe('probeOrder and sliceFor', () => {
  it('starts at a stable home shard and visits every shard up to the span once', () => {
    const order = probeOrder('order-1:SKU', 4, 6)
    expect(order).toEqual(probeOrder('order-1:SKU', 4, 6))
    expect(order[0]).toBeGreaterThanOrEqual(1)
    expect(order[0]).toBeLessThanOrEqual(4)
    expect([...order].sort()).toEqual([1, 2, 3, 4, 5, 6])
    const homes = new Set(Array.from({ length: 200 }, (_, i) => probeOrder(`o${i}:S`, 4, 4)[0]))
    expect(homes).toEqual(new Set([1, 2, 3, 4]))
    expect(probeOrder('x', 0, 3)).toEqual([])
  })

  it('hands out a fair slice, at least what was asked, never more than the pool', () => {
    expect(sliceFor(1, 50, 4)).toBe(13)
    expect(sliceFor(20, 50, 4)).toBe(20)
    expect(sliceFor(5, 3, 4)).toBe(3)
    expect(sliceFor(1, 0, 4)).toBe(0)
  })
})

describe('a sharded SKU', () => {
  it('lets exactly 50 of 200 concurrent reservations through 50 units over 4 shards', async () => {
    const inv = inventory()
    const s = sku('hot')
    await inv.receive(s, 50)
    expect(await inv.configureShards(s, 4)).toEqual({ shards: 4, span: 4 })
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => inv.reserve(s, hold(`r${i}`))),
    )
    const held = results.filter((r) => r.reserved)
    expect(held).toHaveLength(50)
    expect(results.filter((r) => !r.reserved).every((r) => r.available === 0)).toBe(true)
    // The sales really were spread: several shards hold reservations.
    expect(new Set(held.map((r) => r.holder).filter((h) => h.startsWith(`${s}#`))).size).toBe(4)
    const d = await expectStockAddsUp(inv, s)
    expect(d.total).toMatchObject({ received: 50, reserved: 50, available: 0, onHand: 50 })
    expect(await inv.snapshot(s)).toMatchObject({ available: 0, reserved: 50 })
  })

  it('commits and releases each reservation at the shard that holds it', async () => {
    const inv = inventory()
    const s = sku('settle')
    await inv.receive(s, 10)
    await inv.configureShards(s, 2)
    const a = await inv.reserve(s, hold('a', 2))
    const b = await inv.reserve(s, hold('b', 3))
    if (!a.reserved || !b.reserved) throw new Error('expected both reservations to hold')
    await inv.commit(s, 'a', a.holder)
    await inv.release(s, 'b', b.holder)
    const d = await expectStockAddsUp(inv, s)
    expect(d.total).toMatchObject({ sold: 2, reserved: 0, available: 8, onHand: 8 })
    // A holder must belong to the SKU.
    await expect(inv.commit(s, 'a', 'other-sku#1')).rejects.toMatchObject({
      code: 'validation_failed',
    })
  })

  it('sells an order of several units when no single shard holds them, by gathering', async () => {
    const inv = inventory()
    const s = sku('fragmented')
    await inv.receive(s, 4)
    await inv.configureShards(s, 4)
    // One unit lands in each shard: each shard pulls a slice of 1 when the pool is down to 1
    // per shard; reserve and release in every shard to spread them.
    for (let i = 0; i < 8; i++) {
      const r = await inv.reserve(s, hold(`spread${i}`))
      if (r.reserved) await inv.release(s, `spread${i}`, r.holder)
    }
    const before = await inv.distribution(s)
    expect(before.total.available).toBe(4)
    const big = await inv.reserve(s, hold('big', 4))
    expect(big).toMatchObject({ reserved: true })
    expect((await inv.reserve(s, hold('more', 1))).reserved).toBe(false)
    const d = await expectStockAddsUp(inv, s)
    expect(d.total).toMatchObject({ reserved: 4, available: 0 })
  })

  it('gathers for a correction larger than the pool, and refuses one larger than the stock', async () => {
    const inv = inventory()
    const s = sku('correct')
    await inv.receive(s, 20)
    await inv.configureShards(s, 3)
    for (let i = 0; i < 6; i++) await inv.reserve(s, hold(`c${i}`))
    expect((await inv.distribution(s)).objects[0]?.available).toBeLessThan(14)
    expect(await inv.adjust(s, -14, 'water damage')).toMatchObject({ available: 0, adjusted: -14 })
    await expect(inv.adjust(s, -1, 'recount')).rejects.toMatchObject({ code: 'insufficient_stock' })
    await expectStockAddsUp(inv, s)
  })

  it('stops sharding: shards give their units back and the SKU sells from one object again', async () => {
    const inv = inventory()
    const s = sku('unshard')
    await inv.receive(s, 10)
    await inv.configureShards(s, 3)
    const held = await inv.reserve(s, hold('kept', 2))
    if (!held.reserved) throw new Error('expected the reservation to hold')
    expect(await inv.configureShards(s, 0)).toEqual({ shards: 0, span: 3 })
    const d = await expectStockAddsUp(inv, s)
    // Only the kept reservation stays in a shard; every free unit is back in the root.
    expect(d.objects[0]).toMatchObject({ available: 8 })
    // Released where it was held, the units are gathered back by the next sale that needs them.
    await inv.release(s, 'kept', held.holder)
    const all = await inv.reserve(s, hold('all', 10))
    expect(all).toMatchObject({ reserved: true, holder: s })
    await expectStockAddsUp(inv, s)
  })

  it('finishes a transfer whose answer was lost, from the alarm, moving the units once', async () => {
    const inv = inventory()
    const s = sku('lost')
    await inv.receive(s, 12)
    await inv.configureShards(s, 2)
    const shard = env.INVENTORY_ITEM.getByName(shardName(s, 1))
    // The shard records a pull and the root grants it, but the shard never hears the answer.
    const id = crypto.randomUUID()
    await runInDurableObject(shard, (instance) => {
      const item = instance as unknown as {
        transfers: { savePending(t: Omit<Transfer, 'state'>): void }
      }
      item.transfers.savePending({ id, direction: 'in', peer: s, quantity: null, attempts: 0 })
    })
    const root = env.INVENTORY_ITEM.getByName(s) as DurableObjectStub<InventoryItem>
    const granted = await root.allot(id, 1, 1)
    expect(granted).toMatchObject({ ok: true, value: { quantity: 6 } })
    const inFlight = await inv.distribution(s)
    expect(inFlight.total).toMatchObject({ transferred: -6, available: 6 })
    // Asking again under the same id moves nothing more.
    expect(await root.allot(id, 1, 1)).toMatchObject({ ok: true, value: { quantity: 6 } })
    await runInDurableObject(shard, async (instance) => {
      const item = instance as unknown as { core: { schedule(): Promise<void> } }
      await item.core.schedule()
    })
    expect(await runDurableObjectAlarm(shard)).toBe(true)
    const d = await expectStockAddsUp(inv, s)
    expect(d.total).toMatchObject({ available: 12 })
    expect(d.objects[1]).toMatchObject({ available: 6 })
  })

  it('keeps the SKU’s stock hint at the total over its pool and shards', async () => {
    const inv = inventory()
    const s = sku('hint')
    const counters = new DurableObjectCounters(env.COUNTERS)
    await inv.receive(s, 30)
    await inv.configureShards(s, 3)
    const held = await Promise.all(
      Array.from({ length: 7 }, (_, i) => inv.reserve(s, hold(`h${i}`))),
    )
    expect(held.every((r) => r.reserved)).toBe(true)
    const total = async () => (await inv.distribution(s)).total.available
    expect(await total()).toBe(23)
    await eventually(() => counters.get(stockHintKey(s)), 23, 3_000)
    const first = held[0] as Reservation
    await inv.release(s, 'h0', first.holder)
    await eventually(() => counters.get(stockHintKey(s)), 24, 3_000)
  })

  it('refuses shard commands at the wrong object and out-of-range shard counts', async () => {
    const inv = inventory()
    const s = sku('guard')
    await expect(inv.configureShards(s, 17)).rejects.toMatchObject({ code: 'validation_failed' })
    await expect(inv.configureShards(s, -1)).rejects.toMatchObject({ code: 'validation_failed' })
    await expect(inv.receive(shardName(s, 1), 5)).rejects.toMatchObject({
      code: 'validation_failed',
    })
    expect(await inv.distribution(s)).toMatchObject({ sharding: { shards: 0, span: 0 } })
  })
})
