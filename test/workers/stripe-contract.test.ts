/**
 * @module Contract tests of StripePayments inside workerd, through the official SDK's fetch client.
 *
 * No Stripe server is reachable from these machines. The adapter's fetch is a function of this
 * test that checks each request against the shape Stripe's API reference documents and answers
 * with a documented response body (test/fixtures/stripe/contracts.ts cites the pages).
 *
 * What this proves: the PaymentIntent create request (POST /v1/payment_intents, form-encoded
 * amount, lower-case currency, metadata[order_id], automatic_payment_methods, bearer key,
 * Idempotency-Key header, one retry that reuses the key); how documented responses and errors map
 * to the port (idempotency_error → idempotency_key_reused, 4xx not retryable, 429/5xx retryable);
 * and that webhooks signed by Stripe's published scheme (computed here with Web Crypto, not the SDK)
 * verify, with tampering, wrong secrets, stale timestamps and missing headers refused.
 * What this does not prove: that Stripe's servers answer this way today, or any payment flow past
 * the create call (confirmation, 3-D Secure, payouts), which only a Stripe test account exercises.
 */
import { describe, expect, it } from 'vitest'
import { StripePayments } from '#adapters/stripe/payments'
import { AppError, UpstreamError } from '#domain/errors'
import * as contract from '#test/fixtures/stripe/contracts'

const KEY = 'sk_test_contract'
const WHSEC = 'whsec_contract'
const NOW = 1_800_000_000

interface Exchange {
  status: number
  body: unknown
}

/** An adapter whose every request is recorded and answered from `answers`, in order. */
function stripeWith(...answers: Exchange[]) {
  const requests: { url: string; method: string; headers: Headers; body: string }[] = []
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init)
    requests.push({
      url: req.url,
      method: req.method,
      headers: req.headers,
      body: await req.text(),
    })
    const answer = answers.shift()
    if (!answer) throw new Error('unexpected request')
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'Content-Type': 'application/json', 'Request-Id': 'req_contract' },
    })
  }) as typeof fetch
  return {
    payments: new StripePayments({ secretKey: KEY, webhookSecret: WHSEC, fetch: fetchFn }),
    requests,
  }
}

const order = {
  orderId: 'a'.repeat(64),
  amountMinor: 12_345,
  currency: 'EUR',
  idempotencyKey: 'checkout-7f3c',
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected a failure')
}

describe('StripePayments.createPayment', () => {
  it('posts a form-encoded PaymentIntent with the Idempotency-Key header and reads the documented object', async () => {
    const intent = contract.paymentIntent({
      amount: 12_345,
      currency: 'eur',
      orderId: order.orderId,
    })
    const { payments, requests } = stripeWith({ status: 200, body: intent })
    const created = await payments.createPayment({ ...order, email: 'ada@example.com' })
    expect(created).toEqual({
      provider: 'stripe',
      paymentId: intent.id,
      amountMinor: 12_345,
      currency: 'EUR',
      clientSecret: intent.client_secret,
    })
    expect(requests).toHaveLength(1)
    const [req] = requests
    expect(req?.method).toBe('POST')
    expect(new URL(req?.url ?? '').origin + new URL(req?.url ?? '').pathname).toBe(
      'https://api.stripe.com/v1/payment_intents',
    )
    expect(req?.headers.get('Authorization')).toBe(`Bearer ${KEY}`)
    expect(req?.headers.get('Idempotency-Key')).toBe('checkout-7f3c')
    expect(req?.headers.get('Content-Type')).toBe('application/x-www-form-urlencoded')
    expect(req?.headers.get('Stripe-Version')).toMatch(/^\d{4}-\d{2}-\d{2}\./)
    expect(Object.fromEntries(new URLSearchParams(req?.body))).toEqual({
      amount: '12345',
      currency: 'eur',
      'automatic_payment_methods[enabled]': 'true',
      'metadata[order_id]': order.orderId,
      receipt_email: 'ada@example.com',
    })
  })

  it('retries a 5xx once with the same Idempotency-Key', async () => {
    const intent = contract.paymentIntent({
      amount: 12_345,
      currency: 'eur',
      orderId: order.orderId,
    })
    const { payments, requests } = stripeWith(contract.errors.server, { status: 200, body: intent })
    expect((await payments.createPayment(order)).paymentId).toBe(intent.id)
    expect(requests.map((r) => r.headers.get('Idempotency-Key'))).toEqual([
      'checkout-7f3c',
      'checkout-7f3c',
    ])
    expect(requests[0]?.body).toBe(requests[1]?.body)
  })

  it('maps a reused key with other parameters to idempotency_key_reused', async () => {
    const e = await failure(stripeWith(contract.errors.idempotency).payments.createPayment(order))
    expect(e).toBeInstanceOf(AppError)
    expect(e).not.toBeInstanceOf(UpstreamError)
    expect((e as AppError).code).toBe('idempotency_key_reused')
  })

  it('marks refused requests not retryable and rate limits and outages retryable', async () => {
    const cases = [
      [contract.errors.invalidAmount, 400, false],
      [contract.errors.auth, 401, false],
      [contract.errors.rateLimited, 429, true],
    ] as const
    for (const [answer, status, retryable] of cases) {
      // A retried 429 meets the same answer again; the adapter retries at most once.
      const e = await failure(stripeWith(answer, answer).payments.createPayment(order))
      expect(e, String(status)).toBeInstanceOf(UpstreamError)
      expect((e as UpstreamError).details).toEqual({ service: 'stripe', status, retryable })
    }
    const outage = await failure(
      stripeWith(contract.errors.server, contract.errors.server).payments.createPayment(order),
    )
    expect((outage as UpstreamError).details).toEqual({
      service: 'stripe',
      status: 500,
      retryable: true,
    })
  })
})

describe('StripePayments.readWebhook', () => {
  const { payments } = stripeWith()
  async function deliver(
    payload: object,
    opts: {
      secret?: string
      at?: number
      header?: (h: string) => string
      body?: (b: string) => string
    } = {},
  ) {
    const body = JSON.stringify(payload)
    const header = await contract.stripeSignature(opts.secret ?? WHSEC, opts.at ?? NOW, body)
    const headers = new Headers({ 'Stripe-Signature': opts.header ? opts.header(header) : header })
    return payments.readWebhook({
      headers,
      body: opts.body ? opts.body(body) : body,
      nowSeconds: NOW,
    })
  }
  const paid = contract.event(
    'payment_intent.succeeded',
    contract.succeededIntent(12_345, 'eur', order.orderId),
  )

  it('reads payment_intent.succeeded as a payment of amount_received', async () => {
    expect(await deliver(paid)).toEqual({
      kind: 'event',
      event: {
        type: 'payment.succeeded',
        eventId: paid.id,
        paymentId: paid.data.object.id,
        orderId: order.orderId,
        amountMinor: 12_345,
        currency: 'EUR',
      },
    })
  })

  it('reads payment_intent.payment_failed with its decline code, and charge.refunded with the running total', async () => {
    const failed = contract.event(
      'payment_intent.payment_failed',
      contract.failedIntent(12_345, 'eur', order.orderId),
    )
    expect(await deliver(failed)).toMatchObject({
      kind: 'event',
      event: { type: 'payment.failed', reason: 'insufficient_funds' },
    })
    const refunded = contract.event(
      'charge.refunded',
      contract.refundedCharge(12_345, 2_000, 'eur', { order_id: order.orderId }),
    )
    expect(await deliver(refunded)).toEqual({
      kind: 'event',
      event: {
        type: 'payment.refunded',
        eventId: refunded.id,
        paymentId: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
        orderId: order.orderId,
        refundedMinor: 2_000,
        currency: 'EUR',
      },
    })
    const unnamed = contract.event(
      'charge.refunded',
      contract.refundedCharge(12_345, 12_345, 'eur', {}),
    )
    expect(await deliver(unnamed)).toMatchObject({
      event: { orderId: null, refundedMinor: 12_345 },
    })
  })

  it('acknowledges and ignores other events and intents it did not create', async () => {
    expect(
      await deliver(contract.event('customer.created', { id: 'cus_1', object: 'customer' })),
    ).toMatchObject({
      kind: 'ignored',
      type: 'customer.created',
    })
    const foreign = contract.event('payment_intent.succeeded', {
      ...contract.succeededIntent(1, 'usd', 'x'),
      metadata: {},
    })
    expect(await deliver(foreign)).toMatchObject({
      kind: 'ignored',
      reason: 'no metadata.order_id',
    })
  })

  it('accepts any matching v1 among several (secret rotation) and ignores other schemes', async () => {
    const rotated = await deliver(paid, {
      header: (h) =>
        `${h.replace(/v1=[0-9a-f]+/, `v1=${'0'.repeat(64)}`)},${h.split(',')[1]},v0=abc`,
    })
    expect(rotated.kind).toBe('event')
  })

  it('refuses a missing, wrong, tampered or stale signature', async () => {
    const code = async (p: Promise<unknown>) => {
      const e = await failure(p)
      return e instanceof AppError ? `${e.code}:${(e.details as { reason: string }).reason}` : e
    }
    expect(
      await code(
        payments.readWebhook({
          headers: new Headers(),
          body: JSON.stringify(paid),
          nowSeconds: NOW,
        }),
      ),
    ).toBe('invalid_signature:missing')
    expect(await code(deliver(paid, { secret: 'whsec_other' }))).toBe('invalid_signature:mismatch')
    expect(await code(deliver(paid, { body: (b) => b.replace('12345', '12346') }))).toBe(
      'invalid_signature:mismatch',
    )
    expect(await code(deliver(paid, { at: NOW - 301 }))).toBe('invalid_signature:stale')
    expect(await code(deliver(paid, { header: () => 'garbage' }))).toBe(
      'invalid_signature:malformed',
    )
    expect((await deliver(paid, { at: NOW - 300 })).kind).toBe('event')
  })
})
