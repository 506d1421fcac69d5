/**
 * @module order.paid adds the order to the bestseller and customer-spend leaderboards, once;
 * order.refunded takes it off the all-time boards, once.
 */
import {
  paidOrderCountId,
  paidOrderOps,
  refundedOrderCountId,
  refundedOrderOps,
} from '#domain/counting/paid-order'
import { AppError } from '#domain/errors'
import { OrderEvent } from '#domain/orders/events'
import type { Job } from './job'

/**
 * Applies the paid order's increments under the order's id with `applyOnce`: the counters store
 * writes its "counted" mark with the increments themselves, so a redelivered, retried or
 * concurrently delivered message adds nothing the first one added, and one that failed part-way
 * completes. A store that fails throws a retryable error: the message comes back later.
 */
export const countPaidOrder: Job = async (message, ports) => {
  const parsed = OrderEvent.safeParse(message)
  if (!parsed.success || parsed.data.data.status !== 'paid')
    throw new AppError('invalid_event', `bad ${message.type} data: not a paid order`)
  const { data: order, occurredAt } = parsed.data
  await ports.counters.applyOnce(paidOrderCountId(order.id), paidOrderOps(order, occurredAt))
}

/** The refund's counterpart of {@link countPaidOrder}, under its own once-only id. */
export const countRefundedOrder: Job = async (message, ports) => {
  const parsed = OrderEvent.safeParse(message)
  if (!parsed.success || parsed.data.data.status !== 'refunded')
    throw new AppError('invalid_event', `bad ${message.type} data: not a refunded order`)
  const order = parsed.data.data
  await ports.counters.applyOnce(refundedOrderCountId(order.id), refundedOrderOps(order))
}
