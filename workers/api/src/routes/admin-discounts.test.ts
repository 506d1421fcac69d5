/** @module Discounts through the admin API in workerd: stored, their code objects defined, bad input refused. */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { DiscountCodes } from '#objects/discount-code/adapter'
import { ADMIN_KEY, call, signUp } from '#test/workers/accounts'

const codes = new DiscountCodes(env.DISCOUNT_CODE)

/** A code discount with fresh id and code. */
function codeDiscount(overrides: object = {}) {
  const tag = crypto.randomUUID().slice(0, 8).toUpperCase()
  return {
    id: `d-${tag}`,
    code: `SAVE-${tag}`,
    value: { kind: 'percentage', basisPoints: 1_000 },
    target: { kind: 'order' },
    usageLimit: 3,
    perCustomerLimit: 1,
    ...overrides,
  }
}

const send = (method: string, path: string, json: unknown, token = ADMIN_KEY) =>
  call(path, { method, json, token })
const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code

describe('admin discounts', () => {
  it('creates a code, initialises its object and shows its uses', async () => {
    const d = codeDiscount()
    const res = await send('POST', '/v1/admin/discounts', d)
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ ...d, minSubtotalMinor: 0, startsAt: null, endsAt: null })
    const now = Date.now()
    const held = await codes.reserve(d.code, {
      orderId: 'o1',
      customerId: 'c1',
      at: now,
      expiresAt: now + 60_000,
    })
    expect(held.reserved).toBe(true)
    const detail = await call(`/v1/admin/discounts/${d.id}`, { token: ADMIN_KEY })
    expect(await detail.json()).toMatchObject({
      discount: { id: d.id, code: d.code },
      usage: { code: d.code, usageLimit: 3, reserved: 1, committed: 0, remaining: 2 },
    })
    const list = (await (await call('/v1/admin/discounts', { token: ADMIN_KEY })).json()) as {
      items: { id: string }[]
    }
    expect(list.items.map((i) => i.id)).toContain(d.id)
  })

  it('updates a code in its object too, keeping the uses granted', async () => {
    const d = codeDiscount()
    await send('POST', '/v1/admin/discounts', d)
    const now = Date.now()
    await codes.reserve(d.code, {
      orderId: 'o1',
      customerId: 'c1',
      at: now,
      expiresAt: now + 60_000,
    })
    const res = await send('PUT', `/v1/admin/discounts/${d.id}`, { ...d, usageLimit: 1 })
    expect(res.status).toBe(200)
    expect(await codes.usage(d.code)).toMatchObject({ usageLimit: 1, reserved: 1, remaining: 0 })
    expect(
      await codes.reserve(d.code, {
        orderId: 'o2',
        customerId: 'c2',
        at: now,
        expiresAt: now + 60_000,
      }),
    ).toMatchObject({ reserved: false, refusal: 'discount_exhausted' })
  })

  it('stores an automatic promotion without a code object', async () => {
    const d = codeDiscount({ code: null, usageLimit: null, perCustomerLimit: null })
    expect((await send('POST', '/v1/admin/discounts', d)).status).toBe(201)
    const detail = await call(`/v1/admin/discounts/${d.id}`, { token: ADMIN_KEY })
    expect(await detail.json()).toMatchObject({ discount: { id: d.id, code: null }, usage: null })
  })

  it('refuses a taken id or code with 409', async () => {
    const d = codeDiscount()
    await send('POST', '/v1/admin/discounts', d)
    expect((await send('POST', '/v1/admin/discounts', { ...d, code: 'OTHER-CODE-1' })).status).toBe(
      409,
    )
    const sameCode = await send('POST', '/v1/admin/discounts', {
      ...d,
      id: `${d.id}-2`,
      code: d.code.toLowerCase(),
    })
    expect(sameCode.status).toBe(409)
    expect(await errorCode(sameCode)).toBe('conflict')
    expect((await call(`/v1/admin/discounts/${d.id}-2`, { token: ADMIN_KEY })).status).toBe(404)
  })

  it('refuses bad discounts with 400 and writes nothing', async () => {
    const bad = [
      codeDiscount({ value: { kind: 'fixed', amountMinor: 500, currency: 'USD' } }),
      codeDiscount({ value: { kind: 'percentage', basisPoints: 0 } }),
      codeDiscount({ code: 'x' }),
      codeDiscount({ startsAt: 2_000, endsAt: 1_000 }),
      codeDiscount({ usageLimit: 0 }),
      codeDiscount({ surprise: true }),
    ]
    for (const d of bad) {
      const res = await send('POST', '/v1/admin/discounts', d)
      expect(res.status).toBe(400)
      expect(await errorCode(res)).toBe('validation_failed')
      expect((await call(`/v1/admin/discounts/${d.id}`, { token: ADMIN_KEY })).status).toBe(404)
      expect(await codes.definition(d.code === 'x' ? 'XXX' : d.code)).toBeNull()
    }
  })

  it('refuses a changed code, a body naming another id and an unknown id', async () => {
    const d = codeDiscount()
    await send('POST', '/v1/admin/discounts', d)
    const changed = await send('PUT', `/v1/admin/discounts/${d.id}`, { ...d, code: 'NEW-CODE-1' })
    expect(changed.status).toBe(400)
    expect(await codes.definition('NEW-CODE-1')).toBeNull()
    expect((await send('PUT', `/v1/admin/discounts/${d.id}`, { ...d, id: 'other' })).status).toBe(
      400,
    )
    const unknown = codeDiscount()
    expect((await send('PUT', `/v1/admin/discounts/${unknown.id}`, unknown)).status).toBe(404)
    expect(await codes.definition(unknown.code)).toBeNull()
  })

  it('answers admins only', async () => {
    const shopper = await signUp('shopper')
    expect((await send('POST', '/v1/admin/discounts', codeDiscount(), shopper.token)).status).toBe(
      403,
    )
    expect((await call('/v1/admin/discounts')).status).toBe(401)
  })
})
