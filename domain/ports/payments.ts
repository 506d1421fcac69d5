/** @module The Payments port: create a payment for an order's total, and read the provider's webhooks. */

/** What checkout asks the provider for: the order's total, once per idempotency key. */
export interface CreatePaymentInput {
  orderId: string
  /** The order's total in minor units of `currency`; the webhook's amount must match it. */
  amountMinor: number
  /** ISO 4217, upper case. */
  currency: string
  /** A retried create with the same key returns the same payment, never a second one. */
  idempotencyKey: string
  /** Where the provider sends its receipt, when the shopper gave one. */
  email?: string
}

/** A payment awaiting the shopper. */
export interface CreatedPayment {
  provider: string
  paymentId: string
  amountMinor: number
  currency: string
  /** What the storefront hands the provider's own page or SDK to pay; null for the local test provider. */
  clientSecret: string | null
}

/** A refund of part or all of a payment, once per idempotency key. */
export interface RefundPaymentInput {
  paymentId: string
  orderId: string
  /** Minor units of `currency`; at most what the payment has left unrefunded. */
  amountMinor: number
  currency: string
  /** A retried refund with the same key returns the same refund, never a second one. */
  idempotencyKey: string
}

/** A refund the provider accepted. */
export interface CreatedRefund {
  provider: string
  refundId: string
  amountMinor: number
  currency: string
}

/** What a provider's webhook means to the shop. `eventId` is unique per delivery of one event. */
export type PaymentEvent =
  | {
      type: 'payment.succeeded'
      eventId: string
      paymentId: string
      orderId: string
      amountMinor: number
      currency: string
    }
  | { type: 'payment.failed'; eventId: string; paymentId: string; orderId: string; reason: string }
  | {
      type: 'payment.refunded'
      eventId: string
      paymentId: string
      /** Null when the provider's refund does not name the order: find it by `paymentId`. */
      orderId: string | null
      /** Everything refunded on the payment so far, not just this refund. */
      refundedMinor: number
      currency: string
    }

/** One webhook delivery as it arrived: the raw body, exactly as sent, is what the signature covers. */
export interface WebhookDelivery {
  headers: Headers
  body: string
  /** Unix seconds, for the signature's tolerance window. */
  nowSeconds: number
}

/** A verified delivery: an event the shop acts on, or one it acknowledges and ignores. */
export type WebhookReading =
  | { kind: 'event'; event: PaymentEvent }
  | { kind: 'ignored'; type: string; reason: string }

/**
 * The Payments port. `readWebhook` throws AppError `invalid_signature` (401) for a delivery whose
 * signature is missing, malformed, wrong or outside the tolerance, before it reads the body; and
 * `validation_failed` for a signed body it cannot read. Providers fail as UpstreamError.
 */
export interface PaymentsPort {
  readonly provider: string
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>
  /** Gives `amountMinor` of the payment back; the same key again returns the same refund. */
  refundPayment(input: RefundPaymentInput): Promise<CreatedRefund>
  readWebhook(delivery: WebhookDelivery): Promise<WebhookReading>
}
