/**
 * @module Refunds of a shopper's order, by line or by amount, once per refund id: decided from
 * the order, given back through the payments port (its idempotency key is the order and refund
 * id, so a refund retried after a crash between the provider and the write is the same refund),
 * then written with its `order.refunded` event and timeline entry in one transaction.
 */
import { AppError } from '#domain/errors'
import type { Order, OrderRefund } from '#domain/orders/order'
import {
  applyRefund,
  planRefund,
  REFUNDABLE,
  RefundRequest,
  restOfOrder,
} from '#domain/orders/refunds'
import { createLocalPayments } from '#domain/payments/local-provider'
import type { PaymentsPort } from '#domain/ports/payments'
import type { ShopperCore } from './core'

/** What a refund call answers: the refund (the stored one on a replay) and the order now. */
export interface RefundResult {
  refund: OrderRefund
  order: Order
}

/**
 * The payments port refunds go through. Only the embedded local provider is wired into the
 * platform today; when another provider is picked by secrets, it is chosen here the same way.
 */
export function paymentsFor(env: { PAYMENT_WEBHOOK_SECRET?: string }): PaymentsPort {
  return createLocalPayments(env.PAYMENT_WEBHOOK_SECRET ?? '')
}

/** Refunds part (or the rest) of an order; see planRefund for the refusals. Runs exclusively. */
export async function refundOrder(
  core: ShopperCore,
  orderId: string,
  request: RefundRequest,
  requestHash: string,
  payments: PaymentsPort,
): Promise<RefundResult> {
  const parsed = RefundRequest.safeParse(request)
  if (!parsed.success || typeof requestHash !== 'string' || requestHash.length === 0)
    throw new AppError('validation_failed', 'invalid refund request')
  await core.expireIfOverdue(orderId)
  const now = Date.now()
  const { order } = core.requireOrder(orderId)
  const plan = planRefund(order, parsed.data, requestHash, now)
  if ('replay' in plan) return { refund: plan.replay, order }
  const given = await payments.refundPayment({
    paymentId: order.paymentId as string,
    orderId,
    amountMinor: plan.refund.amountMinor,
    currency: order.currency,
    idempotencyKey: `refund:${orderId}:${plan.refund.id}`,
  })
  if (given.amountMinor !== plan.refund.amountMinor || given.currency !== order.currency)
    throw new AppError('payment_mismatch', 'the provider refunded another amount', {
      expected: plan.refund.amountMinor,
      received: given.amountMinor,
    })
  const refund: OrderRefund = { ...plan.refund, providerRefundId: given.refundId }
  const current = core.requireOrder(orderId)
  const next = applyRefund(current.order, refund, now)
  const row = { ...current, order: next }
  core.transaction(() => core.record(row, now, 'order.refunded'))
  await core.alarmBy(core.deadlineOf(row, now))
  core.flushInBackground()
  return { refund, order: next }
}

/**
 * Refunds everything not yet refunded (the older whole-order refund): every remaining unit and
 * the rest of the paid total, under a refund id of its own. An order already wholly refunded
 * refuses it (`invalid_transition`).
 */
export async function refundRest(
  core: ShopperCore,
  orderId: string,
  payments: PaymentsPort,
): Promise<Order> {
  await core.expireIfOverdue(orderId)
  const { order } = core.requireOrder(orderId)
  if (!REFUNDABLE.has(order.status))
    throw new AppError(
      'invalid_transition',
      `an order that is ${order.status} cannot be refunded`,
      {
        from: order.status,
        to: 'refunded',
      },
    )
  const request = restOfOrder(order, `rest-${order.version}`)
  const { order: after } = await refundOrder(core, orderId, request, 'rest', payments)
  return after
}
