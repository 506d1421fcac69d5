/** @module Stripe events as the shop's payment events: which ones matter and what they mean. */
import type Stripe from 'stripe'
import type { WebhookReading } from '#domain/ports/payments'

/**
 * Maps a verified Stripe event. `payment_intent.succeeded`: paid, for `amount_received`;
 * `payment_intent.payment_failed`: the attempt failed (the intent may still be retried by the
 * shopper); `charge.refunded`: full or partial refund, `amount_refunded` being the charge's running
 * total. Intents this shop did not create (no `metadata.order_id`) and every other event type are
 * acknowledged and ignored, as Stripe expects of an endpoint (anything but 2xx is redelivered).
 */
export function readStripeEvent(event: Stripe.Event): WebhookReading {
  const ignore = (reason: string): WebhookReading => ({ kind: 'ignored', type: event.type, reason })
  switch (event.type) {
    case 'payment_intent.succeeded': {
      const pi = event.data.object
      const orderId = pi.metadata?.order_id
      if (!orderId) return ignore('no metadata.order_id')
      return {
        kind: 'event',
        event: {
          type: 'payment.succeeded',
          eventId: event.id,
          paymentId: pi.id,
          orderId,
          amountMinor: pi.amount_received,
          currency: pi.currency.toUpperCase(),
        },
      }
    }
    case 'payment_intent.payment_failed': {
      const pi = event.data.object
      const orderId = pi.metadata?.order_id
      if (!orderId) return ignore('no metadata.order_id')
      const err = pi.last_payment_error
      const reason = err?.decline_code ?? err?.code ?? err?.message ?? 'payment_failed'
      return {
        kind: 'event',
        event: { type: 'payment.failed', eventId: event.id, paymentId: pi.id, orderId, reason },
      }
    }
    case 'charge.refunded': {
      const charge = event.data.object
      const intent = charge.payment_intent
      const paymentId = typeof intent === 'string' ? intent : intent?.id
      if (!paymentId) return ignore('charge without a payment_intent')
      return {
        kind: 'event',
        event: {
          type: 'payment.refunded',
          eventId: event.id,
          paymentId,
          orderId: charge.metadata?.order_id ?? null,
          refundedMinor: charge.amount_refunded,
          currency: charge.currency.toUpperCase(),
        },
      }
    }
    default:
      return ignore('not an event the shop acts on')
  }
}
