/** @module What the payment provider posts to POST /v1/webhooks/payments. */
import { z } from 'zod'
import { MAX_MINOR } from '../orders/order'

/** A successful payment for one order; the amount is in minor units of `currency`. */
export const PaymentSucceeded = z.strictObject({
  type: z.literal('payment.succeeded'),
  paymentId: z.string().min(1).max(128),
  /** The order id the storefront handed the provider when the payment was created. */
  orderId: z.string().min(1).max(64),
  amountMinor: z.number().int().min(0).max(MAX_MINOR),
  currency: z.string().regex(/^[A-Z]{3}$/),
})
export type PaymentSucceeded = z.infer<typeof PaymentSucceeded>
