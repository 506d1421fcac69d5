/** @module Tests of an Order when inventory calls fail: resume, abandon at expiry, roll forward. */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { InventoryItem } from '../inventory-item/inventory-item'
import type { Order, OrderEnv } from './order'
import {
  archiveCheckOf,
  inventory,
  line,
  orders,
  placement,
  stocked,
  stubFor,
} from './test-helpers'

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The real INVENTORY_ITEM namespace, except that calls to `brokenSku` fail as if unreachable. */
function unreachable(brokenSku: string): DurableObjectNamespace<InventoryItem> {
  return new Proxy(env.INVENTORY_ITEM, {
    get(target, prop) {
      if (prop !== 'getByName') return Reflect.get(target, prop, target)
      return (name: string) => {
        if (name === brokenSku) throw new Error(`object ${name} unreachable`)
        return target.getByName(name)
      }
    },
  })
}

const useInventory = (stub: DurableObjectStub<Order>, ns: DurableObjectNamespace<InventoryItem>) =>
  runInDurableObject(stub, (instance) => {
    const target = instance as unknown as { env: OrderEnv }
    target.env = { ...target.env, INVENTORY_ITEM: ns }
  })

describe('Order placement saga', () => {
  it('answers 503 when an item is unreachable, then resumes on retry without holding twice', async () => {
    const [a, b] = [await stocked(5, 'a'), await stocked(5, 'b')]
    const input = placement([line(a, 2), line(b, 1)])
    const stub = stubFor(input)
    await useInventory(stub, unreachable(b))
    await expect(orders().place(input)).rejects.toMatchObject({ code: 'upstream_unavailable' })
    expect(await inventory().snapshot(a)).toMatchObject({ reserved: 2 })
    expect(await stub.get()).toBeNull()

    await useInventory(stub, env.INVENTORY_ITEM)
    const result = await orders().place(input)
    expect(result).toMatchObject({ ok: true, order: { status: 'pending_payment', version: 1 } })
    expect(await inventory().snapshot(a)).toMatchObject({ reserved: 2 })
    expect(await inventory().snapshot(b)).toMatchObject({ reserved: 1 })
    expect(await orders().place(input)).toEqual(result)
  })

  it('abandons a placement that never finished at its expiry and frees what it held', async () => {
    const [a, b] = [await stocked(5, 'a'), await stocked(5, 'b')]
    const input = placement([line(a, 3), line(b, 1)], { ttlSeconds: 1 })
    const stub = stubFor(input)
    await useInventory(stub, unreachable(b))
    await expect(orders().place(input)).rejects.toMatchObject({ code: 'upstream_unavailable' })
    expect(await inventory().snapshot(a)).toMatchObject({ reserved: 3 })
    await useInventory(stub, env.INVENTORY_ITEM)
    await wait(1_100)
    await runDurableObjectAlarm(stub)
    expect(await inventory().snapshot(a)).toMatchObject({ reserved: 0, available: 5 })
    expect(await orders().place(input)).toEqual({ ok: false, code: 'placement_expired' })
    expect(await stub.get()).toBeNull()
  })

  it('rolls a payment forward: the order is paid at once and the alarm sells the stock later', async () => {
    const sku = await stocked(4)
    const input = placement([line(sku, 3, 100)])
    const stub = stubFor(input)
    const placed = await orders().place(input)
    if (!placed.ok) throw new Error('expected an order')
    await useInventory(stub, unreachable(sku))
    const paid = await orders().pay(placed.order.id, {
      paymentId: 'pay-rf',
      amountMinor: 300,
      currency: 'EUR',
    })
    expect(paid).toMatchObject({ status: 'paid', version: 2 })
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 3, sold: 0 })
    await useInventory(stub, env.INVENTORY_ITEM)
    await runDurableObjectAlarm(stub)
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 0, sold: 3, available: 1 })
    // Only the archive check is left to do.
    expect(await runInDurableObject(stub, (_, state) => state.storage.getAlarm())).toBe(
      await archiveCheckOf(stub),
    )
  })
})
