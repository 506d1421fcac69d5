/**
 * @module The Payments conformance suite against the local test provider and the Stripe adapter.
 * Stripe has no server here: its side is played by this file from the documented shapes of
 * test/fixtures/stripe/contracts.ts (a PaymentIntent per Idempotency-Key, as Stripe documents
 * idempotent requests; events signed with Stripe's published scheme).
 */
import { StripePayments } from '#adapters/stripe/payments'
import { createLocalPayments } from '#domain/payments/local-provider'
import { signPayload } from '#domain/payments/signature'
import {
  describePaymentsConformance,
  describePaymentsFailures,
  type ProviderReport,
} from '#test/conformance/payments'
import * as contract from '#test/fixtures/stripe/contracts'

const LOCAL_SECRET = 'local-conformance-secret'
describePaymentsConformance('local test provider', {
  make: () => createLocalPayments(LOCAL_SECRET),
  async deliver(r: ProviderReport, { atSeconds, nowSeconds, secret }) {
    const ref = { paymentId: r.paymentId, orderId: r.orderId }
    const payload =
      r.kind === 'succeeded'
        ? { type: 'payment.succeeded', ...ref, amountMinor: r.amountMinor, currency: r.currency }
        : r.kind === 'failed'
          ? { type: 'payment.failed', ...ref, reason: 'declined' }
          : { type: 'payment.refunded', ...ref, refundedMinor: r.amountMinor, currency: r.currency }
    const body = JSON.stringify(payload)
    const header = await signPayload(secret ?? LOCAL_SECRET, atSeconds, body)
    return { headers: new Headers({ 'X-Signature': header }), body, nowSeconds }
  },
})

const WHSEC = 'whsec_conformance'
/** Stripe's side of POST /v1/payment_intents: one PaymentIntent per Idempotency-Key. */
const stripeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const req = new Request(input, init)
  if (req.method !== 'POST' || new URL(req.url).pathname !== '/v1/payment_intents')
    return Response.json(
      { error: { type: 'invalid_request_error', message: 'Unrecognized request URL' } },
      { status: 404 },
    )
  const form = new URLSearchParams(await req.text())
  const key = req.headers.get('Idempotency-Key') ?? crypto.randomUUID()
  const intent = contract.paymentIntent({
    id: `pi_${key.replace(/[^A-Za-z0-9]/g, '')}`,
    amount: Number(form.get('amount')),
    currency: form.get('currency') ?? '',
    orderId: form.get('metadata[order_id]') ?? '',
  })
  return Response.json(intent)
}) as typeof fetch

describePaymentsConformance('stripe', {
  make: () =>
    new StripePayments({
      secretKey: 'sk_test_conformance',
      webhookSecret: WHSEC,
      fetch: stripeFetch,
    }),
  async deliver(r: ProviderReport, { atSeconds, nowSeconds, secret }) {
    const currency = r.currency.toLowerCase()
    const intent = <T extends object>(i: T) => ({ ...i, id: r.paymentId })
    const event =
      r.kind === 'succeeded'
        ? contract.event(
            'payment_intent.succeeded',
            intent(contract.succeededIntent(r.amountMinor, currency, r.orderId)),
            `evt_ok_${r.paymentId}`,
          )
        : r.kind === 'failed'
          ? contract.event(
              'payment_intent.payment_failed',
              intent(contract.failedIntent(r.amountMinor, currency, r.orderId)),
              `evt_ko_${r.paymentId}`,
            )
          : contract.event(
              'charge.refunded',
              {
                ...contract.refundedCharge(r.amountMinor * 2, r.amountMinor, currency, {
                  order_id: r.orderId,
                }),
                payment_intent: r.paymentId,
              },
              `evt_rf_${r.paymentId}`,
            )
    const body = JSON.stringify(event)
    const header = await contract.stripeSignature(secret ?? WHSEC, atSeconds, body)
    return { headers: new Headers({ 'Stripe-Signature': header }), body, nowSeconds }
  },
})

// Stripe unreachable: every attempt (the first and the SDK's one retry) fails to connect.
describePaymentsFailures(
  'stripe, unreachable',
  () =>
    new StripePayments({
      secretKey: 'sk_test_conformance',
      webhookSecret: WHSEC,
      fetch: (async () => {
        throw new TypeError('Network connection lost.')
      }) as typeof fetch,
    }),
  'stripe',
)
