/** @module Tests of the Order object in workerd: placement saga, idempotency, payment, expiry. */
import { env, runDurableObjectAlarm } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { AppError } from '#domain/errors'
import { archiveCheckMs } from './archive-check'
import {
  alarmOf,
  archiveCheckOf,
  inventory,
  line,
  orders,
  outboxOf,
  placement,
  recordingQueue,
  stocked,
  stubFor,
  useQueue,
} from './test-helpers'

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('Order', () => {
  it('places an order: reserves each line, awaits payment, alarms at expiry, sends its event', async () => {
    const [a, b] = [await stocked(5, 'a'), await stocked(5, 'b')]
    const input = placement([line(a, 2, 1_500), line(b, 1, 250)])
    const result = await orders().place(input)
    if (!result.ok) throw new Error(`expected an order, got ${result.code}`)
    const { order } = result
    expect(order).toMatchObject({ status: 'pending_payment', version: 1, totalMinor: 3_250 })
    expect(order.id).toMatch(/^[0-9a-f]{64}$/)
    expect(await orders().get(order.id)).toEqual(order)
    expect(await inventory().snapshot(a)).toMatchObject({ reserved: 2, available: 3 })
    expect(await inventory().snapshot(b)).toMatchObject({ reserved: 1, available: 4 })
    // One alarm for the earlier of two deadlines: the expiry, and the check that the archive
    // holds the order (ARCHIVE_CHECK_SECONDS after the change).
    const check = await archiveCheckOf(stubFor(input))
    expect(check).toBe(order.createdAt + archiveCheckMs(env))
    expect(await alarmOf(stubFor(input))).toBe(Math.min(order.expiresAt, check ?? Infinity))
    expect(await outboxOf(stubFor(input))).toEqual([])
    expect(await orders().get('f'.repeat(64))).toBeNull()
    expect(await orders().get('not-an-id')).toBeNull()
  })

  it('leaves no reservation anywhere when one SKU falls short, and answers the same again', async () => {
    const [a, b, c] = [await stocked(5, 'a'), await stocked(1, 'b'), await stocked(5, 'c')]
    const input = placement([line(a, 2), line(b, 3), line(c, 1)])
    const result = await orders().place(input)
    expect(result).toEqual({
      ok: false,
      code: 'insufficient_stock',
      shortfalls: [{ sku: b, requested: 3, available: 1 }],
    })
    for (const sku of [a, b, c])
      expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 0, sold: 0 })
    expect(await orders().place(input)).toEqual(result)
    expect(await stubFor(input).get()).toBeNull()
    expect(await alarmOf(stubFor(input))).toBeNull()
  })

  it('makes one order of 20 concurrent identical placements, with identical answers', async () => {
    const sku = await stocked(10)
    const input = placement([line(sku, 3)])
    const { queue, sent } = recordingQueue()
    await useQueue(stubFor(input), queue)
    const results = await Promise.all(Array.from({ length: 20 }, () => orders().place(input)))
    for (const r of results) expect(r).toEqual(results[0])
    expect(results[0]?.ok).toBe(true)
    expect(sent.map((e) => (e as { type: string }).type)).toEqual(['order.placed'])
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 3, available: 7 })
    const reserves = (await inventory().ledger(sku, 100)).filter((e) => e.kind === 'reserve')
    expect(reserves).toHaveLength(1)
  })

  it('refuses the same key with another request body', async () => {
    const sku = await stocked(10)
    const input = placement([line(sku, 1)])
    await orders().place(input)
    const err = await orders()
      .place({ ...input, requestHash: 'hash-b', lines: [line(sku, 2)] })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: 'idempotency_key_reused' })
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 1 })
  })

  it("returns an unpaid order's stock at expiry through its alarm, and refuses payment after", async () => {
    const sku = await stocked(4)
    const input = placement([line(sku, 3)], { ttlSeconds: 1 })
    const placed = await orders().place(input)
    if (!placed.ok) throw new Error('expected an order')
    await wait(1_100)
    await runDurableObjectAlarm(stubFor(input))
    const expired = await orders().get(placed.order.id)
    expect(expired).toMatchObject({ status: 'expired', version: 2 })
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 0, available: 4, sold: 0 })
    const pay = { paymentId: 'pay-late', amountMinor: 3_000, currency: 'EUR' }
    await expect(orders().pay(placed.order.id, pay)).rejects.toMatchObject({
      code: 'invalid_transition',
    })
    expect(await orders().get(placed.order.id)).toEqual(expired)
  })

  it('expires an overdue order when paid before its alarm ran', async () => {
    const sku = await stocked(2)
    const input = placement([line(sku, 2)], { ttlSeconds: 1 })
    const placed = await orders().place(input)
    if (!placed.ok) throw new Error('expected an order')
    await wait(1_100)
    const pay = { paymentId: 'pay-1', amountMinor: 2_000, currency: 'EUR' }
    await expect(orders().pay(placed.order.id, pay)).rejects.toMatchObject({
      code: 'invalid_transition',
    })
    expect(await orders().get(placed.order.id)).toMatchObject({
      status: 'expired',
      paymentId: null,
    })
    expect(await inventory().snapshot(sku)).toMatchObject({ available: 2, sold: 0 })
  })

  it('refuses a payment of the wrong amount or currency and leaves the order as it was', async () => {
    const sku = await stocked(3)
    const placed = await orders().place(placement([line(sku, 2, 700)]))
    if (!placed.ok) throw new Error('expected an order')
    const id = placed.order.id
    for (const bad of [
      { paymentId: 'p', amountMinor: 1_399, currency: 'EUR' },
      { paymentId: 'p', amountMinor: 1_400, currency: 'USD' },
    ])
      await expect(orders().pay(id, bad)).rejects.toMatchObject({ code: 'payment_mismatch' })
    expect(await orders().get(id)).toEqual(placed.order)
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 2, sold: 0 })
  })

  it('sells the reservations on payment; a replayed payment changes nothing', async () => {
    const [a, b] = [await stocked(3, 'a'), await stocked(3, 'b')]
    const placed = await orders().place(placement([line(a, 2, 500), line(b, 1, 300)]))
    if (!placed.ok) throw new Error('expected an order')
    const id = placed.order.id
    const pay = { paymentId: 'pay-42', amountMinor: 1_300, currency: 'EUR' }
    const paid = await orders().pay(id, pay)
    expect(paid).toMatchObject({ status: 'paid', version: 2, paymentId: 'pay-42' })
    expect(await orders().pay(id, pay)).toEqual(paid)
    expect(await orders().get(id)).toEqual(paid)
    expect(await inventory().snapshot(a)).toMatchObject({ reserved: 0, sold: 2, onHand: 1 })
    expect(await inventory().snapshot(b)).toMatchObject({ reserved: 0, sold: 1, onHand: 2 })
    const commits = (await inventory().ledger(a, 100)).filter((e) => e.kind === 'commit')
    expect(commits).toHaveLength(1)
    await expect(orders().pay(id, { ...pay, paymentId: 'pay-43' })).rejects.toMatchObject({
      code: 'invalid_transition',
    })
  })

  it('cancels an unpaid order into released stock, and walks paid → fulfilled → refunded', async () => {
    const sku = await stocked(5)
    const first = await orders().place(placement([line(sku, 2)]))
    const second = await orders().place(placement([line(sku, 1)]))
    if (!first.ok || !second.ok) throw new Error('expected orders')
    await expect(orders().fulfil(first.order.id)).rejects.toMatchObject({
      code: 'invalid_transition',
    })
    expect(await orders().cancel(first.order.id)).toMatchObject({ status: 'cancelled', version: 2 })
    await expect(orders().cancel(first.order.id)).rejects.toMatchObject({
      code: 'invalid_transition',
    })
    await orders().pay(second.order.id, { paymentId: 'p2', amountMinor: 1_000, currency: 'EUR' })
    expect(await orders().fulfil(second.order.id)).toMatchObject({
      status: 'fulfilled',
      version: 3,
    })
    expect(await orders().refund(second.order.id)).toMatchObject({ status: 'refunded', version: 4 })
    // The refund does not restock: the sold unit stays sold until an operator adjusts.
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 0, sold: 1, available: 4 })
    await expect(orders().cancel('0'.repeat(63))).rejects.toMatchObject({ code: 'not_found' })
  })
})
