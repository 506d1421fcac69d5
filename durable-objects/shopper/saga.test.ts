/** @module Tests of a Shopper's checkout when inventory calls fail: resume, abandon at expiry, roll forward. */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { InventoryItem } from '../inventory-item/inventory-item'
import { reservationId } from './stock'
import {
  alarmOf,
  archiveCheckOf,
  command,
  dueWorkAt,
  inventory,
  newShopper,
  orderIdFor,
  shoppers,
  stocked,
  stubOf,
  useEnv,
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

/** The real INVENTORY_ITEM namespace, recording every call made on it as `method object`. */
function recorded(calls: string[]): DurableObjectNamespace<InventoryItem> {
  return new Proxy(env.INVENTORY_ITEM, {
    get(target, prop) {
      if (prop !== 'getByName') return Reflect.get(target, prop, target)
      return (name: string) => {
        const stub = target.getByName(name)
        return new Proxy(stub, {
          get(item, method) {
            const value = Reflect.get(item, method, item)
            if (typeof method !== 'string' || typeof value !== 'function') return value
            return (...args: unknown[]) => {
              calls.push(`${method} ${name}`)
              // An RPC method is itself a stub: `value.apply` would be a remote call.
              return Reflect.apply(value, item, args)
            }
          },
        })
      }
    },
  })
}

/** The SKU object's stored reservation of that id (a hold, or a release's tombstone), if any. */
const storedReservation = (sku: string, id: string) =>
  runInDurableObject(env.INVENTORY_ITEM.getByName(sku), (_, state) =>
    state.storage.sql
      .exec<{ status: string }>('SELECT status FROM reservations WHERE id = ?', id)
      .toArray(),
  )

describe('Shopper checkout saga', () => {
  it('a refused checkout gives back what it held and calls a refusing SKU only to reserve', async () => {
    const [a, b] = [await stocked(5, 'a'), await stocked(1, 'b')]
    const user = newShopper()
    const calls: string[] = []
    await useEnv(stubOf(user), { INVENTORY_ITEM: recorded(calls) })
    const both = command([
      { sku: a, quantity: 1 },
      { sku: b, quantity: 2 },
    ])
    expect(await shoppers().checkout(user, both)).toMatchObject({
      ok: false,
      code: 'insufficient_stock',
      shortfalls: [{ sku: b, requested: 2, available: 1 }],
    })
    expect(calls.sort()).toEqual([`release ${a}`, `reserve ${a}`, `reserve ${b}`])
    expect(await inventory().snapshot(a)).toMatchObject({ reserved: 0, available: 5 })
    const refusedId = await orderIdFor(stubOf(user), user, both.idempotencyKey)
    expect(await storedReservation(a, reservationId(refusedId, a))).toEqual([
      { status: 'released' },
    ])
    // The refusing object wrote nothing for the order: no hold, no tombstone.
    expect(await storedReservation(b, reservationId(refusedId, b))).toEqual([])

    // One SKU, sold out: one call, a read; the replay makes none.
    calls.length = 0
    const alone = command([{ sku: b, quantity: 2 }])
    const refused = await shoppers().checkout(user, alone)
    expect(refused).toMatchObject({ ok: false, code: 'insufficient_stock' })
    expect(calls).toEqual([`reserve ${b}`])
    expect(await shoppers().checkout(user, alone)).toEqual(refused)
    expect(calls).toEqual([`reserve ${b}`])
    expect(await inventory().snapshot(b)).toMatchObject({ reserved: 0, available: 1 })
  })

  it('answers 503 when an item is unreachable, then resumes on retry without holding twice', async () => {
    const [a, b] = [await stocked(5, 'a'), await stocked(5, 'b')]
    const user = newShopper()
    const cmd = command([
      { sku: a, quantity: 2 },
      { sku: b, quantity: 1 },
    ])
    await useEnv(stubOf(user), { INVENTORY_ITEM: unreachable(b) })
    await expect(shoppers().checkout(user, cmd)).rejects.toMatchObject({
      code: 'upstream_unavailable',
    })
    expect(await inventory().snapshot(a)).toMatchObject({ reserved: 2 })
    expect(await shoppers().orders(user)).toEqual([])

    await useEnv(stubOf(user), { INVENTORY_ITEM: env.INVENTORY_ITEM })
    const result = await shoppers().checkout(user, cmd)
    expect(result).toMatchObject({ ok: true, order: { status: 'pending_payment', version: 1 } })
    expect(await inventory().snapshot(a)).toMatchObject({ reserved: 2 })
    expect(await inventory().snapshot(b)).toMatchObject({ reserved: 1 })
    expect(await shoppers().checkout(user, cmd)).toEqual(result)
  })

  it('abandons a checkout that never finished at its expiry and frees what it held', async () => {
    const [a, b] = [await stocked(5, 'a'), await stocked(5, 'b')]
    const user = newShopper()
    const cmd = command(
      [
        { sku: a, quantity: 3 },
        { sku: b, quantity: 1 },
      ],
      { ttlSeconds: 1 },
    )
    await useEnv(stubOf(user), { INVENTORY_ITEM: unreachable(b) })
    await expect(shoppers().checkout(user, cmd)).rejects.toMatchObject({
      code: 'upstream_unavailable',
    })
    expect(await inventory().snapshot(a)).toMatchObject({ reserved: 3 })
    await useEnv(stubOf(user), { INVENTORY_ITEM: env.INVENTORY_ITEM })
    await wait(1_100)
    await runDurableObjectAlarm(stubOf(user))
    expect(await inventory().snapshot(a)).toMatchObject({ reserved: 0, available: 5 })
    expect(await shoppers().checkout(user, cmd)).toEqual({ ok: false, code: 'placement_expired' })
    expect(await shoppers().orders(user)).toEqual([])
  })

  it('a checkout cut off after reserving, retried with its key, takes over its holds', async () => {
    const sku = await stocked(5, 'cut')
    const user = newShopper()
    const cmd = command([{ sku, quantity: 2 }])
    // What a checkout had done when its object restarted: the item holds the units under the
    // order id its key derives; nothing is recorded at the shopper.
    const orderId = await orderIdFor(stubOf(user), user, cmd.idempotencyKey)
    const heldUntil = Date.now() + 60_000
    const held = await inventory().reserve(sku, {
      reservationId: reservationId(orderId, sku),
      quantity: 2,
      expiresAt: heldUntil,
      orderId,
      customerId: user,
    })
    expect(held).toMatchObject({ reserved: true })
    const result = await shoppers().checkout(user, cmd)
    expect(result).toMatchObject({ ok: true, order: { id: orderId, expiresAt: heldUntil } })
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 2, available: 3 })
  })

  it('a key used again after its refusal was forgotten places a new order', async () => {
    const [a, b] = [await stocked(5, 'a'), await stocked(1, 'b')]
    const user = newShopper()
    const cmd = command([
      { sku: a, quantity: 1 },
      { sku: b, quantity: 2 },
    ])
    expect(await shoppers().checkout(user, cmd)).toMatchObject({ code: 'insufficient_stock' })
    // a's hold was released: its reservation id is closed for good at the item.
    expect(await inventory().snapshot(a)).toMatchObject({ reserved: 0, available: 5 })
    const refusedId = await orderIdFor(stubOf(user), user, cmd.idempotencyKey)
    await dueWorkAt(stubOf(user), Date.now() + 2 * 86_400_000)
    await inventory().receive(b, 1)
    const again = await shoppers().checkout(user, cmd)
    expect(again).toMatchObject({ ok: true })
    if (!again.ok) throw new Error('expected an order')
    expect(again.order.id).not.toBe(refusedId)
    expect(await inventory().snapshot(a)).toMatchObject({ reserved: 1, available: 4 })
  })

  it('rolls a payment forward: the order is paid at once and the alarm sells the stock later', async () => {
    const sku = await stocked(4, 'sku', 100)
    const user = newShopper()
    const placed = await shoppers().checkout(user, command([{ sku, quantity: 3 }]))
    if (!placed.ok) throw new Error('expected an order')
    await useEnv(stubOf(user), { INVENTORY_ITEM: unreachable(sku) })
    const paid = await shoppers().pay(placed.order.id, {
      paymentId: 'pay-rf',
      amountMinor: 300,
      currency: 'EUR',
    })
    expect(paid).toMatchObject({ status: 'paid', version: 2 })
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 3, sold: 0 })
    await useEnv(stubOf(user), { INVENTORY_ITEM: env.INVENTORY_ITEM })
    await runDurableObjectAlarm(stubOf(user))
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 0, sold: 3, available: 1 })
    // Only the archive check is left to do.
    expect(await alarmOf(stubOf(user))).toBe(await archiveCheckOf(stubOf(user), placed.order.id))
  })
})
