/** @module POST /v1/webhooks/payments: the payment provider reports a payment, HMAC-signed. */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { AppError } from '#domain/errors'
import { ORDER_STATUSES } from '#domain/orders/order'
import { PaymentSucceeded } from '#domain/payments/events'
import { verifySignature } from '#domain/payments/signature'
import { errorResponse } from '../catalog/schemas'
import { shoppersOf } from '../checkout/objects'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import type { AppEnv } from '../types'

/**
 * Refuses `header` unless it signs the raw `body` with PAYMENT_WEBHOOK_SECRET within the
 * tolerance: 401 `invalid_signature`, with the reason logged. The webhook and the local test
 * payment page (dev-payments.ts) both go through it.
 */
export async function requireSignature(
  c: Context<AppEnv>,
  header: string | undefined,
  body: string,
): Promise<void> {
  const check = await verifySignature({
    secret: c.env.PAYMENT_WEBHOOK_SECRET,
    header,
    body,
    nowSeconds: Math.floor(Date.now() / 1000),
  })
  if (check.ok) return
  log(c.env, 'warn', 'payment webhook refused', {
    requestId: c.get('requestId'),
    reason: check.reason,
  })
  throw new AppError('invalid_signature', 'The X-Signature header does not verify', {
    reason: check.reason,
  })
}

/** Makes the order paid (or finds it paid by this payment already): the webhook's answer. */
export async function applyPayment(c: Context<AppEnv>, payment: PaymentSucceeded) {
  const { paymentId, orderId, amountMinor, currency } = payment
  const order = await shoppersOf(c).pay(orderId, { paymentId, amountMinor, currency })
  log(c.env, 'info', 'payment applied', {
    requestId: c.get('requestId'),
    orderId,
    paymentId,
    status: order.status,
  })
  return {
    received: true as const,
    order: { id: order.id, status: order.status, version: order.version },
  }
}

/**
 * Checks the signature over the raw body before anything parses it: an unsigned caller learns
 * nothing about the body's shape, and the bytes checked are the bytes sent (Hono caches the text,
 * so the JSON validator after this reads the same body).
 */
const verifyPaymentSignature: MiddlewareHandler<AppEnv> = async (c, next) => {
  await requireSignature(c, c.req.header('X-Signature'), await c.req.text())
  await next()
}

/** What the webhook answers, shared with the test payment route. */
export const PaymentAppliedSchema = z.object({
  received: z.literal(true),
  order: z.object({
    id: z.string(),
    status: z.enum(ORDER_STATUSES),
    version: z.number().int(),
  }),
})

const route = createRoute({
  method: 'post',
  path: '/webhooks/payments',
  summary: 'A payment succeeded: the order becomes paid and its reservations are sold',
  description:
    '`X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with PAYMENT_WEBHOOK_SECRET>`, within 5 minutes of now. A repeated delivery of the same payment answers 200 and changes nothing.',
  middleware: [verifyPaymentSignature] as const,
  request: {
    headers: z.object({ 'x-signature': z.string() }),
    body: { content: { 'application/json': { schema: PaymentSucceeded } }, required: true },
  },
  responses: {
    200: {
      description: 'Applied (or already applied)',
      content: {
        'application/json': {
          schema: PaymentAppliedSchema,
        },
      },
    },
    400: errorResponse('Invalid body'),
    401: errorResponse('`invalid_signature`: missing, malformed, wrong or stale signature'),
    404: errorResponse('No such order'),
    409: errorResponse('`invalid_transition`: the order expired, was cancelled or paid otherwise'),
    422: errorResponse('`payment_mismatch`: not the order total in the store currency'),
  },
})

export const webhooks = createRouter().openapi(route, async (c) =>
  c.json(await applyPayment(c, c.req.valid('json')), 200),
)
