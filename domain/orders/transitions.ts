/** @module The order state machine and the payment rules that guard its one paid edge. */
import { z } from 'zod'
import { AppError } from '../errors'
import { MAX_MINOR, type Order, type OrderStatus } from './order'

/**
 * The allowed moves. Cancelled, expired and refunded are final. A refund follows payment or
 * fulfilment only; an unpaid order is cancelled or expires instead.
 */
const NEXT: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_payment: ['paid', 'cancelled', 'expired'],
  paid: ['fulfilled', 'refunded'],
  fulfilled: ['refunded'],
  cancelled: [],
  expired: [],
  refunded: [],
}

/** True when `from → to` is an edge of the machine. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to)
}

/** The order after the move, one version later; throws `invalid_transition` for any other move. */
export function transition(
  order: Order,
  to: OrderStatus,
  now: number,
  patch: { paymentId?: string } = {},
): Order {
  if (!canTransition(order.status, to))
    throw new AppError(
      'invalid_transition',
      `an order that is ${order.status} cannot become ${to}`,
      {
        from: order.status,
        to,
      },
    )
  return {
    ...order,
    ...patch,
    status: to,
    version: order.version + 1,
    updatedAt: Math.max(now, order.updatedAt),
  }
}

/** What the payment provider reports for one successful payment. */
export const Payment = z.strictObject({
  paymentId: z.string().min(1).max(128),
  amountMinor: z.number().int().min(0).max(MAX_MINOR),
  currency: z.string().regex(/^[A-Z]{3}$/),
})
export type Payment = z.infer<typeof Payment>

/** True when this payment was already applied to the order, so applying it again changes nothing. */
export function isReplayedPayment(order: Order, payment: Payment): boolean {
  return order.paymentId !== null && order.paymentId === payment.paymentId
}

/** Throws `payment_mismatch` unless the payment covers exactly the order total in its currency. */
export function assertPaymentMatches(order: Order, payment: Payment): void {
  if (payment.amountMinor !== order.totalMinor || payment.currency !== order.currency)
    throw new AppError('payment_mismatch', 'payment does not match the order total', {
      expected: { amountMinor: order.totalMinor, currency: order.currency },
      received: { amountMinor: payment.amountMinor, currency: payment.currency },
    })
}

/** True when an unpaid order has reached its expiry, whether or not its alarm has run yet. */
export function isOverdue(order: Order, now: number): boolean {
  return order.status === 'pending_payment' && now >= order.expiresAt
}
