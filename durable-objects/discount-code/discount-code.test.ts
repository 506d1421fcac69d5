/** @module DiscountCode in workerd: limits held under concurrency, release, expiry by alarm, commit. */
import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { Discount } from '#domain/discounts/discount'
import { DiscountCodes } from './adapter'
import { USE_EXPIRY_GRACE_MS } from './discount-code'

const codes = new DiscountCodes(env.DISCOUNT_CODE)
const HOUR = 3_600_000

/** A fresh code with the given limits, defined in its object. */
async function defineCode(limits: Partial<Discount> = {}): Promise<string> {
  const code = `T${crypto.randomUUID().slice(0, 8).toUpperCase()}`
  await codes.define(
    Discount.parse({
      id: `d-${code}`,
      code,
      value: { kind: 'percentage', basisPoints: 1_000 },
      target: { kind: 'order' },
      ...limits,
    }),
  )
  return code
}

const request = (orderId: string, customerId = `c-${orderId}`, at = Date.now()) => ({
  orderId,
  customerId,
  at,
  expiresAt: at + 15 * 60_000,
})

describe('DiscountCode', () => {
  it('grants exactly the limit to 200 concurrent checkouts and refuses the rest as exhausted', async () => {
    const code = await defineCode({ usageLimit: 50 })
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => codes.reserve(code, request(`o${i}`))),
    )
    const granted = results.filter((r) => r.reserved)
    expect(granted).toHaveLength(50)
    expect(results.filter((r) => !r.reserved).map((r) => !r.reserved && r.refusal)).toEqual(
      Array(150).fill('discount_exhausted'),
    )
    expect(await codes.usage(code)).toMatchObject({ reserved: 50, committed: 0, remaining: 0 })
  })

  it('holds the per-customer limit under concurrency', async () => {
    const code = await defineCode({ perCustomerLimit: 2 })
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => codes.reserve(code, request(`o${i}`, 'same-shopper'))),
    )
    expect(results.filter((r) => r.reserved)).toHaveLength(2)
    expect(
      new Set(results.filter((r) => !r.reserved).map((r) => !r.reserved && r.refusal)),
    ).toEqual(new Set(['discount_customer_limit']))
    // Another customer is not held back by the first one's uses.
    expect((await codes.reserve(code, request('other', 'another-shopper'))).reserved).toBe(true)
  })

  it('is idempotent per order: a retried reserve takes no second use', async () => {
    const code = await defineCode({ usageLimit: 1 })
    const first = await codes.reserve(code, request('o1', 'c1'))
    const again = await codes.reserve(code, request('o1', 'c1'))
    expect(first.reserved && again.reserved && again.use).toEqual(first.reserved && first.use)
    expect(await codes.usage(code)).toMatchObject({ reserved: 1, remaining: 0 })
    await expect(codes.reserve(code, request('o1', 'c2'))).rejects.toMatchObject({
      code: 'reservation_conflict',
    })
  })

  it('returns a use on release, once, and keeps a released order released', async () => {
    const code = await defineCode({ usageLimit: 1 })
    expect((await codes.reserve(code, request('o1'))).reserved).toBe(true)
    expect(await codes.reserve(code, request('o2'))).toMatchObject({
      reserved: false,
      refusal: 'discount_exhausted',
    })
    await codes.release(code, 'o1')
    await codes.release(code, 'o1')
    expect(await codes.usage(code)).toMatchObject({ reserved: 0, committed: 0, remaining: 1 })
    expect((await codes.reserve(code, request('o2'))).reserved).toBe(true)
    await expect(codes.reserve(code, request('o1'))).rejects.toMatchObject({
      code: 'reservation_not_active',
    })
  })

  it('refuses a late reserve for an order released before it reserved', async () => {
    const code = await defineCode({ usageLimit: 5 })
    await codes.release(code, 'cancelled-first')
    await expect(codes.reserve(code, request('cancelled-first'))).rejects.toMatchObject({
      code: 'reservation_not_active',
    })
    expect(await codes.usage(code)).toMatchObject({ reserved: 0, remaining: 5 })
  })

  it('makes a committed use permanent: release refuses it and it still counts', async () => {
    const code = await defineCode({ usageLimit: 2 })
    await codes.reserve(code, request('paid'))
    expect(await codes.commit(code, 'paid')).toMatchObject({ status: 'committed' })
    expect(await codes.commit(code, 'paid')).toMatchObject({ status: 'committed' })
    await expect(codes.release(code, 'paid')).rejects.toMatchObject({
      code: 'reservation_committed',
    })
    await expect(codes.commit(code, 'never-reserved')).rejects.toMatchObject({
      code: 'reservation_not_found',
    })
    expect(await codes.usage(code)).toMatchObject({ reserved: 0, committed: 1, remaining: 1 })
  })

  it('releases overdue uses by its alarm, and keeps committed and fresh ones', async () => {
    const code = await defineCode({ usageLimit: 3 })
    const past = Date.now() - USE_EXPIRY_GRACE_MS - 1_000
    await codes.reserve(code, { ...request('stale'), expiresAt: past })
    await codes.reserve(code, { ...request('paid'), expiresAt: past })
    await codes.commit(code, 'paid')
    const fresh = request('fresh')
    await codes.reserve(code, fresh)
    const stub = env.DISCOUNT_CODE.getByName(code)
    expect(await runDurableObjectAlarm(stub)).toBe(true)
    expect(await codes.usage(code)).toMatchObject({ reserved: 1, committed: 1, remaining: 1 })
    expect(await stub.use('stale')).toMatchObject({ status: 'released' })
    await expect(codes.commit(code, 'stale')).rejects.toMatchObject({
      code: 'reservation_not_active',
    })
    // The next alarm waits for the fresh use's expiry plus the grace.
    const alarm = await runInDurableObject(stub, (_, state) => state.storage.getAlarm())
    expect(alarm).toBe(fresh.expiresAt + USE_EXPIRY_GRACE_MS)
  })

  it('refuses outside its window, checked at the checkout time given', async () => {
    const now = Date.now()
    const code = await defineCode({ startsAt: now + HOUR, endsAt: now + 2 * HOUR })
    expect(await codes.reserve(code, request('early', 'c', now))).toMatchObject({
      reserved: false,
      refusal: 'discount_not_started',
    })
    expect(await codes.reserve(code, request('late', 'c', now + 2 * HOUR))).toMatchObject({
      reserved: false,
      refusal: 'discount_expired',
    })
    expect((await codes.reserve(code, request('inside', 'c', now + HOUR))).reserved).toBe(true)
  })

  it('answers not_found for a code never defined and refuses bad requests', async () => {
    await expect(codes.reserve('NEVER-DEFINED', request('o1'))).rejects.toMatchObject({
      code: 'not_found',
    })
    const code = await defineCode()
    await expect(codes.reserve(code, { ...request('o1'), customerId: '' })).rejects.toMatchObject({
      code: 'validation_failed',
    })
    expect(await codes.usage(code)).toMatchObject({ reserved: 0, committed: 0, remaining: null })
  })

  it('reaches one object whatever the spelling of the code', async () => {
    const code = await defineCode({ usageLimit: 1 })
    await codes.reserve(code.toLowerCase(), request('o1'))
    expect(await codes.usage(` ${code} `)).toMatchObject({ reserved: 1 })
  })

  it('keeps its definition, uses and alarm across a restart', async () => {
    const code = await defineCode({ usageLimit: 2 })
    const held = request('held')
    await codes.reserve(code, held)
    await codes.reserve(code, request('paid'))
    await codes.commit(code, 'paid')
    const stub = env.DISCOUNT_CODE.getByName(code)
    await evictDurableObject(stub)
    expect(await codes.usage(code)).toMatchObject({ reserved: 1, committed: 1, remaining: 0 })
    expect(await codes.reserve(code, request('third'))).toMatchObject({
      reserved: false,
      refusal: 'discount_exhausted',
    })
    // The restarted object knows its alarm: releasing the last reserved use clears it.
    await codes.release(code, 'held')
    expect(await runInDurableObject(stub, (_, state) => state.storage.getAlarm())).toBeNull()
  })
})
