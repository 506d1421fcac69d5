/** @module Tests of the local test provider behind the Payments port. */
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors'
import { createLocalPayments } from './local-provider'
import { signPayload } from './signature'

const SECRET = 'local-secret'
const payments = createLocalPayments(SECRET)
const NOW = 1_800_000_000

async function deliver(
  payload: object,
  opts: { secret?: string; at?: number; tamper?: boolean } = {},
) {
  const body = JSON.stringify(payload)
  const header = await signPayload(opts.secret ?? SECRET, opts.at ?? NOW, body)
  return payments.readWebhook({
    headers: new Headers({ 'X-Signature': header }),
    body: opts.tamper ? body.replace('1999', '1') : body,
    nowSeconds: NOW,
  })
}

async function refusal(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (e) {
    return e instanceof AppError ? { code: e.code, details: e.details } : e
  }
  return 'no error'
}

describe('createLocalPayments', () => {
  it('creates one test payment per order, as the test payment page does', async () => {
    const input = { orderId: 'o1', amountMinor: 1999, currency: 'EUR', idempotencyKey: 'k1' }
    const created = await payments.createPayment(input)
    expect(created).toEqual({
      provider: 'local',
      paymentId: 'test-o1',
      amountMinor: 1999,
      currency: 'EUR',
      clientSecret: null,
    })
    expect(await payments.createPayment({ ...input, idempotencyKey: 'k2' })).toEqual(created)
    await expect(payments.createPayment({ ...input, idempotencyKey: '' })).rejects.toThrow()
  })

  it('reads the signed payment.succeeded the webhook route accepts today', async () => {
    const payload = {
      type: 'payment.succeeded',
      paymentId: 'test-o1',
      orderId: 'o1',
      amountMinor: 1999,
      currency: 'EUR',
    }
    expect(await deliver(payload)).toEqual({
      kind: 'event',
      event: { ...payload, eventId: 'payment.succeeded:test-o1' },
    })
  })

  it('reads failures and refunds', async () => {
    const failed = await deliver({
      type: 'payment.failed',
      paymentId: 'test-o1',
      orderId: 'o1',
      reason: 'declined',
    })
    expect(failed).toMatchObject({
      kind: 'event',
      event: { type: 'payment.failed', reason: 'declined' },
    })
    const refunded = await deliver({
      type: 'payment.refunded',
      paymentId: 'test-o1',
      orderId: 'o1',
      refundedMinor: 500,
      currency: 'EUR',
    })
    expect(refunded).toMatchObject({
      kind: 'event',
      event: { type: 'payment.refunded', refundedMinor: 500 },
    })
  })

  it('refuses a missing, wrong, tampered or stale signature before reading the body', async () => {
    const payload = {
      type: 'payment.succeeded',
      paymentId: 'test-o1',
      orderId: 'o1',
      amountMinor: 1999,
      currency: 'EUR',
    }
    const missing = payments.readWebhook({ headers: new Headers(), body: '{}', nowSeconds: NOW })
    expect(await refusal(missing)).toEqual({
      code: 'invalid_signature',
      details: { reason: 'missing' },
    })
    expect(await refusal(deliver(payload, { secret: 'other' }))).toEqual({
      code: 'invalid_signature',
      details: { reason: 'mismatch' },
    })
    expect(await refusal(deliver(payload, { tamper: true }))).toEqual({
      code: 'invalid_signature',
      details: { reason: 'mismatch' },
    })
    expect(await refusal(deliver(payload, { at: NOW - 301 }))).toEqual({
      code: 'invalid_signature',
      details: { reason: 'stale' },
    })
  })

  it('refuses a signed body it cannot read', async () => {
    expect(await refusal(deliver({ type: 'payment.succeeded', orderId: 'o1' }))).toMatchObject({
      code: 'validation_failed',
    })
    expect(await refusal(deliver({ type: 'payment.teleported' }))).toMatchObject({
      code: 'validation_failed',
    })
  })
})

describe('createLocalPayments refunds', () => {
  it('accepts a refund as asked, naming it by its idempotency key, and refuses a bad one', async () => {
    const input = {
      paymentId: 'test-o1',
      orderId: 'o1',
      amountMinor: 500,
      currency: 'EUR',
      idempotencyKey: 'refund:o1:r1',
    }
    const first = await payments.refundPayment(input)
    expect(first).toMatchObject({ provider: 'local', amountMinor: 500, currency: 'EUR' })
    expect(first.refundId).toMatch(/^test-rf-[0-9a-f]{64}$/)
    expect(await payments.refundPayment(input)).toEqual(first)
    expect((await payments.refundPayment({ ...input, idempotencyKey: 'k2' })).refundId).not.toBe(
      first.refundId,
    )
    await expect(payments.refundPayment({ ...input, amountMinor: 0 })).rejects.toThrow()
  })
})
