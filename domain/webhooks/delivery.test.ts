/** @module Tests of delivery signing (verified by the platform's own check) and backoff. */
import { describe, expect, it } from 'vitest'
import { verifySignature } from '../payments/signature'
import { deliveryHeaders, newDelivery, webhookBackoffSeconds } from './delivery'

const delivery = newDelivery(
  'whe_1',
  { id: 'evt-1', type: 'order.paid', createdAt: new Date(0).toISOString(), data: { a: 'ü' } },
  1_000,
)

describe('deliveryHeaders', () => {
  it('signs the payload so the inbound check accepts it with either secret during a rotation', async () => {
    const headers = await deliveryHeaders({
      delivery,
      secrets: ['new-secret', 'old-secret'],
      attempt: 3,
      nowSeconds: 1_700_000_000,
    })
    expect(headers).toMatchObject({
      'Content-Type': 'application/json',
      'X-Webhook-Id': 'evt-1',
      'X-Webhook-Event': 'order.paid',
      'X-Webhook-Delivery': delivery.id,
      'X-Webhook-Attempt': '3',
    })
    expect(headers['X-Signature']).toMatch(/^t=1700000000,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/)
    const check = (secret: string, body = delivery.payload) =>
      verifySignature({
        secret,
        header: headers['X-Signature'],
        body,
        nowSeconds: 1_700_000_010,
      })
    expect(await check('new-secret')).toEqual({ ok: true, timestamp: 1_700_000_000 })
    expect(await check('old-secret')).toEqual({ ok: true, timestamp: 1_700_000_000 })
    expect(await check('other')).toEqual({ ok: false, reason: 'mismatch' })
    expect(await check('new-secret', `${delivery.payload} `)).toEqual({
      ok: false,
      reason: 'mismatch',
    })
  })

  it('posts the event as stored', () => {
    expect(JSON.parse(delivery.payload)).toEqual({
      id: 'evt-1',
      type: 'order.paid',
      createdAt: new Date(0).toISOString(),
      data: { a: 'ü' },
    })
    expect(delivery).toMatchObject({
      status: 'pending',
      attempts: 0,
      roundAttempts: 0,
      leaseUntil: 0,
    })
    expect(delivery.id).toMatch(/^whd_[0-9a-f]{32}$/)
  })
})

describe('webhookBackoffSeconds', () => {
  it('doubles from the base up to the queue limit of 12 hours', () => {
    expect([1, 2, 3, 4].map((n) => webhookBackoffSeconds(n, 30))).toEqual([30, 60, 120, 240])
    expect(webhookBackoffSeconds(30, 30)).toBe(43_200)
  })
})
