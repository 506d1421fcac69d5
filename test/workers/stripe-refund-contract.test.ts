/**
 * @module Contract test of StripePayments.refundPayment inside workerd, through the official SDK's
 * fetch client. No Stripe server is reachable here: the adapter's fetch is a function of this test
 * that checks the request against Stripe's API reference ("Create a refund", POST /v1/refunds:
 * form-encoded `payment_intent`, `amount`, `metadata[...]`, the Idempotency-Key header) and answers
 * with the documented Refund object. It does not prove that Stripe's servers answer this way today.
 */
import { describe, expect, it } from 'vitest'
import { StripePayments } from '#adapters/stripe/payments'
import { AppError } from '#domain/errors'

/** The Refund object as the API reference shows it. */
const refundObject = (amount: number) => ({
  id: 're_1Nispe2eZvKYlo2Cd31jOCgZ',
  object: 'refund',
  amount,
  balance_transaction: 'txn_1Nispe2eZvKYlo2CYezqFhEx',
  charge: 'ch_1NirD82eZvKYlo2CIvbtLWuY',
  created: 1_692_942_318,
  currency: 'eur',
  destination_details: {
    card: {
      reference: '123456789012',
      reference_status: 'available',
      reference_type: 'acquirer_reference_number',
      type: 'refund',
    },
    type: 'card',
  },
  metadata: { order_id: 'b'.repeat(64) },
  payment_intent: 'pi_3NirD82eZvKYlo2C1f1Pfjw3',
  reason: null,
  receipt_number: null,
  source_transfer_reversal: null,
  status: 'succeeded',
  transfer_reversal: null,
})

function stripeWith(...answers: { status: number; body: unknown }[]) {
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
    payments: new StripePayments({
      secretKey: 'sk_test_contract',
      webhookSecret: 'whsec_x',
      fetch: fetchFn,
    }),
    requests,
  }
}

const input = {
  paymentId: 'pi_3NirD82eZvKYlo2C1f1Pfjw3',
  orderId: 'b'.repeat(64),
  amountMinor: 1_990,
  currency: 'EUR',
  idempotencyKey: `refund:${'b'.repeat(64)}:r1`,
}

describe('StripePayments.refundPayment', () => {
  it('posts a form-encoded refund of the PaymentIntent with the Idempotency-Key and reads the Refund object', async () => {
    const { payments, requests } = stripeWith({ status: 200, body: refundObject(1_990) })
    expect(await payments.refundPayment(input)).toEqual({
      provider: 'stripe',
      refundId: 're_1Nispe2eZvKYlo2Cd31jOCgZ',
      amountMinor: 1_990,
      currency: 'EUR',
    })
    const [req] = requests
    expect([req?.method, new URL(req?.url ?? '').pathname]).toEqual(['POST', '/v1/refunds'])
    expect(req?.headers.get('Idempotency-Key')).toBe(input.idempotencyKey)
    expect(req?.headers.get('Authorization')).toBe('Bearer sk_test_contract')
    expect(Object.fromEntries(new URLSearchParams(req?.body))).toEqual({
      payment_intent: input.paymentId,
      amount: '1990',
      'metadata[order_id]': input.orderId,
    })
  })

  it('maps a documented refusal (the charge is already refunded) to a non-retryable failure', async () => {
    const { payments } = stripeWith({
      status: 400,
      body: {
        error: {
          type: 'invalid_request_error',
          code: 'charge_already_refunded',
          message: 'Charge ch_1NirD82eZvKYlo2CIvbtLWuY has already been refunded.',
        },
      },
    })
    const error = await payments.refundPayment(input).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ retryable: false })
  })
})
