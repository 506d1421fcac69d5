import { describe, expect, it } from 'vitest'
import { call, errorCode } from './accounts'
import { inventory, newKey, placeOrder, productWith, receive, shopper } from './checkout-helpers'

// Shoppers here place more than 10 orders a minute: CHECKOUT_RATE_LIMIT raised for their
// requests, so that only the rate-limit test (checkout-bad-input) meets the real one.
const ROOMY = { CHECKOUT_RATE_LIMIT: '100000' }

const history = async (token: string) =>
  ((await (await call('/v1/orders', { token })).json()) as { items: { id: string }[] }).items

describe('POST /v1/orders bad input', () => {
  it.each([
    [
      'no Idempotency-Key',
      null,
      { items: [{ sku: 'X', quantity: 1 }] },
      400,
      'idempotency_key_required',
    ],
    [
      'a malformed key',
      'has space',
      { items: [{ sku: 'X', quantity: 1 }] },
      400,
      'validation_failed',
    ],
    ['a key of 129 characters', 'k'.repeat(129), { items: [] }, 400, 'validation_failed'],
    ['no lines', 'k', { items: [] }, 400, 'validation_failed'],
    ['quantity 0', 'k', { items: [{ sku: 'X', quantity: 0 }] }, 400, 'validation_failed'],
    ['quantity 101', 'k', { items: [{ sku: 'X', quantity: 101 }] }, 400, 'validation_failed'],
    [
      'a fractional quantity',
      'k',
      { items: [{ sku: 'X', quantity: 1.5 }] },
      400,
      'validation_failed',
    ],
    ['a string quantity', 'k', { items: [{ sku: 'X', quantity: '1' }] }, 400, 'validation_failed'],
    [
      'an unknown field',
      'k',
      { items: [{ sku: 'X', quantity: 1 }], coupon: 'FREE' },
      400,
      'validation_failed',
    ],
    [
      'an unknown line field',
      'k',
      { items: [{ sku: 'X', quantity: 1, priceMinor: 1 }] },
      400,
      'validation_failed',
    ],
    ['a bad SKU', 'k', { items: [{ sku: '../x', quantity: 1 }] }, 400, 'validation_failed'],
    [
      'the same SKU twice',
      'k',
      {
        items: [
          { sku: 'x', quantity: 1 },
          { sku: 'X', quantity: 1 },
        ],
      },
      400,
      'validation_failed',
    ],
    [
      '51 lines',
      'k',
      { items: Array.from({ length: 51 }, (_, i) => ({ sku: `S${i}`, quantity: 1 })) },
      400,
      'validation_failed',
    ],
    ['fromCart false', 'k', { fromCart: false }, 400, 'validation_failed'],
    [
      'both forms',
      'k',
      { fromCart: true, items: [{ sku: 'X', quantity: 1 }] },
      400,
      'validation_failed',
    ],
  ])('answers %s with the envelope and writes nothing', async (_, key, body, status, code) => {
    const { token } = await shopper()
    const res = await placeOrder(token, body, key === 'k' ? newKey() : key, ROOMY)
    expect(res.status).toBe(status)
    const json = (await res.json()) as { error: { code: string; requestId: string } }
    expect(json.error).toMatchObject({ code, requestId: expect.any(String) })
    expect(await history(token)).toEqual([])
  })

  it('refuses malformed JSON and an oversized body', async () => {
    const { token } = await shopper()
    const headers = { 'Idempotency-Key': newKey(), 'content-type': 'application/json' }
    const bad = await call('/v1/orders', { method: 'POST', token, headers, body: '{"items":' })
    expect([bad.status, await errorCode(bad)]).toEqual([400, 'malformed_json'])
    const huge = await call('/v1/orders', {
      method: 'POST',
      token,
      headers,
      body: JSON.stringify({ items: [{ sku: 'X'.repeat(70_000), quantity: 1 }] }),
    })
    expect([huge.status, await errorCode(huge)]).toEqual([413, 'payload_too_large'])
  })

  it('names unknown and inactive SKUs (422) and reserves nothing', async () => {
    const [active] = (await productWith([100])) as [string]
    const [draft] = (await productWith([100], 'draft')) as [string]
    await receive(active, 3)
    await receive(draft, 3)
    const { token } = await shopper()
    const body = {
      items: [
        { sku: active, quantity: 1 },
        { sku: draft, quantity: 1 },
        { sku: 'NO-SUCH-SKU', quantity: 1 },
      ],
    }
    const res = await placeOrder(token, body, newKey(), ROOMY)
    expect(res.status).toBe(422)
    expect(((await res.json()) as { error: object }).error).toMatchObject({
      code: 'sku_unavailable',
      details: [
        { sku: draft, reason: 'not_active' },
        { sku: 'NO-SUCH-SKU', reason: 'unknown' },
      ],
    })
    expect(await inventory().snapshot(active)).toMatchObject({ reserved: 0, available: 3 })
  })

  it('applies the checkout rate limit per user: the 11th request in a minute is 429', async () => {
    const [user, other] = [await shopper(), await shopper()]
    const body = { items: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] }
    for (let i = 0; i < 10; i++)
      expect((await placeOrder(user.token, body, newKey())).status).toBe(422)
    const limited = await placeOrder(user.token, body, newKey())
    expect([limited.status, await errorCode(limited)]).toEqual([429, 'rate_limited'])
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await placeOrder(other.token, body, newKey())).status).toBe(422)
  })
})
