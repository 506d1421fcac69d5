/** @module The embedded local test provider behind the Payments port: the test payment page and its webhook. */
import { z } from 'zod'
import { AppError } from '../errors'
import { MAX_MINOR } from '../orders/order'
import type {
  CreatedPayment,
  CreatedRefund,
  CreatePaymentInput,
  PaymentsPort,
  RefundPaymentInput,
  WebhookReading,
} from '../ports/payments'
import { PaymentSucceeded } from './events'
import { verifySignature } from './signature'

const Currency = z.string().regex(/^[A-Z]{3}$/)
const Ref = { paymentId: z.string().min(1).max(128), orderId: z.string().min(1).max(64) }

/** A payment the shopper abandoned or the test page declined. */
export const LocalPaymentFailed = z.strictObject({
  type: z.literal('payment.failed'),
  ...Ref,
  reason: z.string().min(1).max(200),
})
/** A refund; `refundedMinor` is the running total refunded on the payment. */
export const LocalPaymentRefunded = z.strictObject({
  type: z.literal('payment.refunded'),
  ...Ref,
  refundedMinor: z.number().int().min(1).max(MAX_MINOR),
  currency: Currency,
})
const LocalEvent = z.discriminatedUnion('type', [
  PaymentSucceeded,
  LocalPaymentFailed,
  LocalPaymentRefunded,
])

const Create = z.strictObject({
  orderId: Ref.orderId,
  amountMinor: z.number().int().min(0).max(MAX_MINOR),
  currency: Currency,
  idempotencyKey: z.string().min(1).max(255),
  email: z.string().optional(),
})

const RefundInput = z.strictObject({
  ...Ref,
  amountMinor: z.number().int().min(1).max(MAX_MINOR),
  currency: Currency,
  idempotencyKey: z.string().min(1).max(255),
})

/**
 * The local provider: what POST /v1/dev/payments/:id and POST /v1/webhooks/payments do today,
 * expressed through the port. A payment's id is `test-<orderId>` (one per order, so a repeated
 * click is a replayed delivery, not a second payment); webhooks are the platform's own scheme,
 * `X-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` with PAYMENT_WEBHOOK_SECRET. The local
 * provider has no event ids, so an event's id is its type and payment id: a redelivery repeats it.
 */
export function createLocalPayments(secret: string): PaymentsPort {
  return {
    provider: 'local',
    async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
      const p = Create.parse(input)
      return {
        provider: 'local',
        paymentId: `test-${p.orderId}`,
        amountMinor: p.amountMinor,
        currency: p.currency,
        clientSecret: null,
      }
    },
    /**
     * The local provider moves no money: a refund is accepted as asked, and its id is derived from
     * the idempotency key (`test-rf-<sha-256 hex>`), so the same key names the same refund.
     */
    async refundPayment(input: RefundPaymentInput): Promise<CreatedRefund> {
      const r = RefundInput.parse(input)
      const digest = await crypto.subtle.digest(
        'SHA-256',
        new TextEncoder().encode(r.idempotencyKey),
      )
      const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
      return {
        provider: 'local',
        refundId: `test-rf-${hex}`,
        amountMinor: r.amountMinor,
        currency: r.currency,
      }
    },
    async readWebhook({ headers, body, nowSeconds }): Promise<WebhookReading> {
      const check = await verifySignature({
        secret,
        header: headers.get('X-Signature') ?? undefined,
        body,
        nowSeconds,
      })
      if (!check.ok)
        throw new AppError('invalid_signature', 'The X-Signature header does not verify', {
          reason: check.reason,
        })
      let json: unknown
      try {
        json = JSON.parse(body)
      } catch {
        throw new AppError('validation_failed', 'The webhook body is not JSON')
      }
      const parsed = LocalEvent.safeParse(json)
      if (!parsed.success)
        throw new AppError('validation_failed', 'Unknown payment event', parsed.error.issues)
      const e = parsed.data
      return { kind: 'event', event: { ...e, eventId: `${e.type}:${e.paymentId}` } }
    },
  }
}
