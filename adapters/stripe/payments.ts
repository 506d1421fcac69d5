/** @module The Payments port on Stripe: PaymentIntents and Stripe-signed webhooks, through the official SDK's fetch client. */
import Stripe from 'stripe'
import { AppError, UpstreamError } from '#domain/errors'
import type {
  CreatedPayment,
  CreatedRefund,
  CreatePaymentInput,
  PaymentsPort,
  RefundPaymentInput,
  WebhookDelivery,
  WebhookReading,
} from '#domain/ports/payments'
import { readStripeEvent } from './events'

/** Stripe's default: a delivery signed more than five minutes from now is refused (replay protection). */
export const STRIPE_TOLERANCE_SECONDS = 300

/** How to reach Stripe. `fetch`, `host`, `port` and `protocol` exist for the contract tests. */
export interface StripeOptions {
  /** `sk_live_…` or `sk_test_…` (or a restricted `rk_…` key allowed to write PaymentIntents). */
  secretKey: string
  /** The endpoint's signing secret, `whsec_…`. */
  webhookSecret: string
  fetch?: typeof fetch
  host?: string
  port?: number
  protocol?: 'http' | 'https'
  /** Retries of a failed request, each with the same Idempotency-Key (the SDK's default is 1). */
  maxNetworkRetries?: number
}

/**
 * Stripe behind the Payments port. The official `stripe` SDK runs in workerd: its `workerd` export
 * is the worker build, with no Node APIs, sending through `fetch` (createFetchHttpClient) and
 * checking signatures with Web Crypto (createSubtleCryptoProvider). The API version is the one the
 * SDK pins, so its types match the responses.
 */
export class StripePayments implements PaymentsPort {
  readonly provider = 'stripe'
  readonly #stripe: Stripe
  readonly #crypto = Stripe.createSubtleCryptoProvider()

  constructor(private readonly options: StripeOptions) {
    if (!options.secretKey || !options.webhookSecret)
      throw new Error('Stripe needs a secret key and a webhook secret')
    this.#stripe = new Stripe(options.secretKey, {
      httpClient: Stripe.createFetchHttpClient(options.fetch),
      maxNetworkRetries: options.maxNetworkRetries ?? 1,
      telemetry: false,
      ...(options.host ? { host: options.host } : {}),
      ...(options.port ? { port: options.port } : {}),
      ...(options.protocol ? { protocol: options.protocol } : {}),
    })
  }

  /**
   * POST /v1/payment_intents with the order's total (Stripe amounts are the currency's smallest
   * unit, as ours are; Stripe wants the currency in lower case) and the idempotency key as the
   * `Idempotency-Key` header, so a retried checkout gets the same PaymentIntent back. The order id
   * travels in `metadata[order_id]`, which every payment_intent.* event carries back.
   */
  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    try {
      const intent = await this.#stripe.paymentIntents.create(
        {
          amount: input.amountMinor,
          currency: input.currency.toLowerCase(),
          automatic_payment_methods: { enabled: true },
          metadata: { order_id: input.orderId },
          ...(input.email ? { receipt_email: input.email } : {}),
        },
        { idempotencyKey: input.idempotencyKey },
      )
      return {
        provider: 'stripe',
        paymentId: intent.id,
        amountMinor: intent.amount,
        currency: intent.currency.toUpperCase(),
        clientSecret: intent.client_secret,
      }
    } catch (e) {
      throw upstream(e)
    }
  }

  /**
   * POST /v1/refunds on the PaymentIntent for `amountMinor`, with the idempotency key as the
   * `Idempotency-Key` header, so a retried refund returns the same Refund object.
   */
  async refundPayment(input: RefundPaymentInput): Promise<CreatedRefund> {
    try {
      const refund = await this.#stripe.refunds.create(
        {
          payment_intent: input.paymentId,
          amount: input.amountMinor,
          metadata: { order_id: input.orderId },
        },
        { idempotencyKey: input.idempotencyKey },
      )
      return {
        provider: 'stripe',
        refundId: refund.id,
        amountMinor: refund.amount,
        currency: refund.currency.toUpperCase(),
      }
    } catch (e) {
      throw upstream(e)
    }
  }

  /**
   * Verifies `Stripe-Signature` (t=…, one or more v1=… HMAC-SHA256 of `t.payload` with the
   * endpoint secret, within the tolerance) over the raw body, then maps the event. As in Stripe's
   * own libraries, only age is bounded: a timestamp ahead of the clock is not refused.
   */
  async readWebhook({ headers, body, nowSeconds }: WebhookDelivery): Promise<WebhookReading> {
    const header = headers.get('Stripe-Signature')
    if (!header)
      throw new AppError('invalid_signature', 'The Stripe-Signature header is missing', {
        reason: 'missing',
      })
    let event: Stripe.Event
    try {
      event = await this.#stripe.webhooks.constructEventAsync(
        body,
        header,
        this.options.webhookSecret,
        STRIPE_TOLERANCE_SECONDS,
        this.#crypto,
        // The SDK takes the receiving time in milliseconds.
        nowSeconds * 1000,
      )
    } catch (e) {
      if (e instanceof Stripe.errors.StripeSignatureVerificationError)
        throw new AppError('invalid_signature', 'The Stripe-Signature header does not verify', {
          reason: refusalOf(e.message),
        })
      throw new AppError('validation_failed', 'The webhook body is not a Stripe event')
    }
    return readStripeEvent(event)
  }
}

/** The SDK's refusal as the reasons the platform's own webhook logs: malformed, stale or mismatch. */
function refusalOf(message: string): 'malformed' | 'stale' | 'mismatch' {
  if (message.includes('tolerance')) return 'stale'
  if (
    message.startsWith('Unable to extract') ||
    message.startsWith('No signatures found with expected scheme')
  )
    return 'malformed'
  return 'mismatch'
}

/**
 * A Stripe failure as the platform's errors: a reused idempotency key with other parameters is the
 * caller's mistake (422 `idempotency_key_reused`); a refused request (4xx) is not retryable;
 * rate limits, Stripe's 5xx and network failures are.
 */
function upstream(e: unknown): AppError {
  if (!(e instanceof Stripe.errors.StripeError))
    return new UpstreamError('stripe', 'Stripe request failed', undefined, true, { cause: e })
  if (e instanceof Stripe.errors.StripeIdempotencyError)
    return new AppError(
      'idempotency_key_reused',
      'The idempotency key was used for another payment',
    )
  const status = e.statusCode
  const retryable =
    status === undefined ||
    status === 429 ||
    status >= 500 ||
    e instanceof Stripe.errors.StripeConnectionError
  return new UpstreamError('stripe', `Stripe: ${e.message}`, status, retryable, { cause: e })
}
