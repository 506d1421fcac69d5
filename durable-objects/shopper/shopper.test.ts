/** @module Tests of the Shopper object in workerd: checkout, idempotency, payment, expiry, cancel. */
import { env, runDurableObjectAlarm } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { AppError } from '#domain/errors'
import { eventually } from '../inventory-item/test-helpers'
import { archiveCheckMs } from './archive'
import { shopperOfOrder } from './order-ids'
import {
  alarmOf,
  archiveCheckOf,
  command,
  flushed,
  inventory,
  newShopper,
  outboxOf,
  recordingQueue,
  shoppers,
  stocked,
  stubOf,
  useQueue,
} from './test-helpers'

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function placed(userId: string, items: { sku: string; quantity: number }[], over = {}) {
  const result = await shoppers().checkout(userId, command(items, over))
  if (!result.ok) throw new Error(`expected an order, got ${result.code}`)
  return result.order
}

describe('Shopper checkout', () => {
  it('places an order: reserves each line, awaits payment, alarms once, sends its event', async () => {
    const [a, b] = [await stocked(5, 'a', 1_500), await stocked(5, 'b', 250)]
    const user = newShopper()
    const order = await placed(user, [
      { sku: a, quantity: 2 },
      { sku: b, quantity: 1 },
    ])
    expect(order).toMatchObject({ status: 'pending_payment', version: 1, totalMinor: 3_250 })
    expect(order.id).toMatch(/^[0-9a-f]{64}$/)
    expect(shopperOfOrder(order.id)).toBe(user)
    expect(await shoppers().get(order.id)).toEqual(order)
    expect(await inventory().snapshot(a)).toMatchObject({ reserved: 2, available: 3 })
    expect(await inventory().snapshot(b)).toMatchObject({ reserved: 1, available: 4 })
    const stub = stubOf(user)
    // The archive is checked ARCHIVE_CHECK_SECONDS after the order was recorded.
    const checkAt = (await archiveCheckOf(stub, order.id)) ?? 0
    expect(checkAt).toBeGreaterThanOrEqual(order.createdAt + archiveCheckMs(env))
    expect(checkAt).toBeLessThanOrEqual(Date.now() + archiveCheckMs(env))
    // One alarm, at the order's first deadline, written in the checkout's one commit: no guard
    // that a later write would move, and no alarm run spent on an order whose event is out.
    const next = Math.min(order.expiresAt, checkAt)
    expect(await alarmOf(stub)).toBe(next)
    await flushed(stub)
    // The event left; its row goes with the object's next write (outbox.ts).
    expect((await outboxOf(stub)).map((r) => r.body.type)).toEqual(['order.placed'])
    await shoppers().cancel(order.id)
    await flushed(stub)
    expect((await outboxOf(stub)).map((r) => r.body.type)).toEqual(['order.cancelled'])
    expect(await shoppers().get(`${user.replaceAll('-', '')}${'f'.repeat(32)}`)).toBeNull()
    expect(await shoppers().get('not-an-id')).toBeNull()
    expect(await shoppers().get('f'.repeat(64))).toBeNull()
  })

  it('holds every order of a shopper in one object, and lists them newest first', async () => {
    const sku = await stocked(5)
    const user = newShopper()
    const first = await placed(user, [{ sku, quantity: 1 }])
    await wait(2)
    const second = await placed(user, [{ sku, quantity: 1 }])
    expect((await shoppers().orders(user)).map((o) => o.id)).toEqual([second.id, first.id])
    expect(await shoppers().orders(newShopper())).toEqual([])
  })

  it('leaves no reservation anywhere when one SKU falls short, and answers the same again', async () => {
    const [a, b, c] = [await stocked(5, 'a'), await stocked(1, 'b'), await stocked(5, 'c')]
    const user = newShopper()
    const cmd = command([
      { sku: a, quantity: 2 },
      { sku: b, quantity: 3 },
      { sku: c, quantity: 1 },
    ])
    const result = await shoppers().checkout(user, cmd)
    expect(result).toEqual({
      ok: false,
      code: 'insufficient_stock',
      shortfalls: [{ sku: b, requested: 3, available: 1 }],
    })
    for (const sku of [a, b, c])
      expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 0, sold: 0 })
    expect(await shoppers().checkout(user, cmd)).toEqual(result)
    expect(await shoppers().orders(user)).toEqual([])
  })

  it('makes one order of 20 concurrent identical checkouts, with identical answers', async () => {
    const sku = await stocked(10)
    const user = newShopper()
    const cmd = command([{ sku, quantity: 3 }])
    const { queue, sent } = recordingQueue()
    await useQueue(stubOf(user), queue)
    const results = await Promise.all(
      Array.from({ length: 20 }, () => shoppers().checkout(user, cmd)),
    )
    for (const r of results) expect(r).toEqual(results[0])
    expect(results[0]?.ok).toBe(true)
    await flushed(stubOf(user))
    expect(sent.map((e) => (e as { type: string }).type)).toEqual(['order.placed'])
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 3, available: 7 })
    const reserves = (await inventory().ledger(sku, 100)).filter((e) => e.kind === 'reserve')
    expect(reserves).toHaveLength(1)
  })

  it('refuses the same key with another request body', async () => {
    const sku = await stocked(10)
    const user = newShopper()
    const cmd = command([{ sku, quantity: 1 }])
    await shoppers().checkout(user, cmd)
    const err = await shoppers()
      .checkout(user, { ...cmd, requestHash: 'other', request: { items: [{ sku, quantity: 2 }] } })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: 'idempotency_key_reused' })
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 1 })
  })

  it('refuses unknown and inactive SKUs before holding anything', async () => {
    const sku = await stocked(3)
    const user = newShopper()
    const err = await shoppers()
      .checkout(
        user,
        command([
          { sku, quantity: 1 },
          { sku: 'NO-SUCH-SKU-X1', quantity: 1 },
        ]),
      )
      .catch((e: unknown) => e)
    expect(err).toMatchObject({
      code: 'sku_unavailable',
      details: [{ sku: 'NO-SUCH-SKU-X1', reason: 'unknown' }],
    })
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 0 })
  })

  it("returns an unpaid order's stock at expiry through its alarm, and refuses payment after", async () => {
    const sku = await stocked(4)
    const user = newShopper()
    const order = await placed(user, [{ sku, quantity: 3 }], { ttlSeconds: 1 })
    await wait(1_100)
    await runDurableObjectAlarm(stubOf(user))
    const expired = await shoppers().get(order.id)
    expect(expired).toMatchObject({ status: 'expired', version: 2 })
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 0, available: 4, sold: 0 })
    const pay = { paymentId: 'pay-late', amountMinor: 3_000, currency: 'EUR' }
    await expect(shoppers().pay(order.id, pay)).rejects.toMatchObject({
      code: 'invalid_transition',
    })
    expect(await shoppers().get(order.id)).toEqual(expired)
  })

  it('expires an overdue order when paid before its alarm ran', async () => {
    const sku = await stocked(2)
    const user = newShopper()
    const order = await placed(user, [{ sku, quantity: 2 }], { ttlSeconds: 1 })
    await wait(1_100)
    const pay = { paymentId: 'pay-1', amountMinor: 2_000, currency: 'EUR' }
    await expect(shoppers().pay(order.id, pay)).rejects.toMatchObject({
      code: 'invalid_transition',
    })
    expect(await shoppers().get(order.id)).toMatchObject({ status: 'expired', paymentId: null })
    expect(await inventory().snapshot(sku)).toMatchObject({ available: 2, sold: 0 })
  })

  it('refuses a payment of the wrong amount or currency and leaves the order as it was', async () => {
    const sku = await stocked(3, 'sku', 700)
    const user = newShopper()
    const order = await placed(user, [{ sku, quantity: 2 }])
    for (const bad of [
      { paymentId: 'p', amountMinor: 1_399, currency: 'EUR' },
      { paymentId: 'p', amountMinor: 1_400, currency: 'USD' },
    ])
      await expect(shoppers().pay(order.id, bad)).rejects.toMatchObject({
        code: 'payment_mismatch',
      })
    expect(await shoppers().get(order.id)).toEqual(order)
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 2, sold: 0 })
  })

  it('sells the reservations on payment; a replayed payment changes nothing', async () => {
    const [a, b] = [await stocked(3, 'a', 500), await stocked(3, 'b', 300)]
    const user = newShopper()
    const order = await placed(user, [
      { sku: a, quantity: 2 },
      { sku: b, quantity: 1 },
    ])
    const pay = { paymentId: 'pay-42', amountMinor: 1_300, currency: 'EUR' }
    const paid = await shoppers().pay(order.id, pay)
    expect(paid).toMatchObject({ status: 'paid', version: 2, paymentId: 'pay-42' })
    expect(await shoppers().pay(order.id, pay)).toEqual(paid)
    expect(await shoppers().get(order.id)).toEqual(paid)
    expect(await inventory().snapshot(a)).toMatchObject({ reserved: 0, sold: 2, onHand: 1 })
    expect(await inventory().snapshot(b)).toMatchObject({ reserved: 0, sold: 1, onHand: 2 })
    const commits = (await inventory().ledger(a, 100)).filter((e) => e.kind === 'commit')
    expect(commits).toHaveLength(1)
    await expect(shoppers().pay(order.id, { ...pay, paymentId: 'pay-43' })).rejects.toMatchObject({
      code: 'invalid_transition',
    })
  })

  it('cancels an unpaid order into released stock, and walks paid → fulfilled → refunded', async () => {
    const sku = await stocked(5)
    const user = newShopper()
    const first = await placed(user, [{ sku, quantity: 2 }])
    const second = await placed(user, [{ sku, quantity: 1 }])
    await expect(shoppers().fulfil(first.id)).rejects.toMatchObject({
      code: 'invalid_transition',
    })
    expect(await shoppers().cancel(first.id)).toMatchObject({ status: 'cancelled', version: 2 })
    await expect(shoppers().cancel(first.id)).rejects.toMatchObject({
      code: 'invalid_transition',
    })
    await shoppers().pay(second.id, { paymentId: 'p2', amountMinor: 1_000, currency: 'EUR' })
    expect(await shoppers().fulfil(second.id)).toMatchObject({ status: 'fulfilled', version: 3 })
    expect(await shoppers().refund(second.id)).toMatchObject({ status: 'refunded', version: 4 })
    // The refund does not restock: the sold unit stays sold until an operator adjusts.
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 0, sold: 1, available: 4 })
    await expect(shoppers().cancel('0'.repeat(63))).rejects.toMatchObject({ code: 'not_found' })
    await expect(
      shoppers().cancel(`${user.replaceAll('-', '')}${'0'.repeat(32)}`),
    ).rejects.toMatchObject({ code: 'not_found' })
  })

  it('sends the events of back-to-back checkouts in fewer batches than orders', async () => {
    const sku = await stocked(20)
    const user = newShopper()
    const { queue, sent, calls } = recordingQueue()
    await useQueue(stubOf(user), queue)
    await Promise.all(
      Array.from({ length: 5 }, () => shoppers().checkout(user, command([{ sku, quantity: 1 }]))),
    )
    await flushed(stubOf(user))
    await eventually(async () => sent.length, 5, 3_000)
    expect(calls.sends).toBeLessThan(5)
  })
})
