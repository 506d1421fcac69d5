/**
 * @module POST /v1/dev/payments/:id: the storefront's test payment page (local mode only, DEV_PAYMENTS=enabled). It plays
 * the payment provider for one of the caller's orders: builds the provider's payload, signs it with
 * PAYMENT_WEBHOOK_SECRET and applies it through the webhook's own verification and processing.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '#domain/errors'
import { PaymentSucceeded } from '#domain/payments/events'
import { signPayload } from '#domain/payments/signature'
import { errorResponse } from '../catalog/schemas'
import { findOrder } from '../checkout/objects'
import { OrderIdParam } from '../checkout/schemas'
import { currentShopper } from '../middleware/auth'
import { createRouter } from '../router'
import { applyPayment, PaymentAppliedSchema, requireSignature } from './webhooks'

const route = createRoute({
  method: 'post',
  path: '/dev/payments/{id}',
  summary: 'Local mode only: pay one of the caller’s orders as the payment provider would',
  description:
    'Signs a `payment.succeeded` for the order total with PAYMENT_WEBHOOK_SECRET and applies it exactly as POST /v1/webhooks/payments does; repeating it changes nothing. Unless the DEV_PAYMENTS variable is exactly "enabled" (local mode only) it answers 404 like an unknown route.',
  request: { params: z.object({ id: OrderIdParam }) },
  responses: {
    200: {
      description: 'Applied (or already applied)',
      content: { 'application/json': { schema: PaymentAppliedSchema } },
    },
    404: errorResponse('No such order of the caller, or the route is not enabled'),
    409: errorResponse('`invalid_transition`: the order expired, was cancelled or paid otherwise'),
  },
})

export const devPayments = createRouter().openapi(route, async (c) => {
  // Off unless explicitly enabled (fail closed: unset, "prod", a typo all mean off), and checked
  // before anything else, so a deployment reveals nothing, not even whether an order exists.
  if (c.env.DEV_PAYMENTS !== 'enabled')
    throw new AppError('not_found', `No route for ${c.req.method} ${c.req.path}`)
  const order = await findOrder(c, c.req.valid('param').id, currentShopper(c).id)
  const payment = PaymentSucceeded.parse({
    type: 'payment.succeeded',
    // One payment id per order, so a retried click is a replayed delivery, not a second payment.
    paymentId: `test-${order.id}`,
    orderId: order.id,
    amountMinor: order.totalMinor,
    currency: order.currency,
  })
  const body = JSON.stringify(payment)
  const now = Math.floor(Date.now() / 1000)
  const header = await signPayload(c.env.PAYMENT_WEBHOOK_SECRET, now, body)
  // The webhook's own check: a payload it would refuse is refused here too.
  await requireSignature(c, header, body)
  return c.json(await applyPayment(c, payment), 200)
})
