/**
 * @module order.paid adds the order to the bestseller and customer-spend leaderboards, once;
 * order.refunded takes each refund's units and amount off the all-time boards, once per refund.
 */
import { paidOrderCountId, paidOrderOps, refundCounts } from '#domain/counting/paid-order'
import { AppError } from '#domain/errors'
import { parseOrderEvent } from '#domain/orders/events'
import type { Job } from './job'

/**
 * Applies the paid order's increments under the order's id with `applyOnce`: the counters store
 * writes its "counted" mark with the increments themselves, so a redelivered, retried or
 * concurrently delivered message adds nothing the first one added, and one that failed part-way
 * completes. A store that fails throws a retryable error: the message comes back later.
 */
export const countPaidOrder: Job = async (message, ports) => {
  const parsed = parseOrderEvent(message)
  if (!parsed.success || parsed.data.data.status !== 'paid')
    throw new AppError('invalid_event', `bad ${message.type} data: not a paid order`)
  const { data: order, occurredAt } = parsed.data
  await ports.counters.applyOnce(paidOrderCountId(order.id), paidOrderOps(order, occurredAt))
}

/**
 * The refunds' counterpart of {@link countPaidOrder}: each refund the order lists is taken off the
 * all-time boards under its own once-only id (order and refund id).
 */
export const countRefundedOrder: Job = async (message, ports) => {
  const parsed = parseOrderEvent(message)
  const counts = parsed.success ? refundCounts(parsed.data.data) : []
  if (!parsed.success || counts.length === 0)
    throw new AppError('invalid_event', `bad ${message.type} data: no refund in the order`)
  for (const { id, ops } of counts) await ports.counters.applyOnce(id, ops)
}
