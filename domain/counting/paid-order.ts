/**
 * @module What one paid order adds to the leaderboards and what its refund takes back, with the
 * ids that make each count once.
 */
import type { Order, OrderRefund } from '../orders/order'
import type { CounterOp } from '../ports/counters'
import { leaderboardKeys } from './keys'

/**
 * The id under which an order's counts are applied: per order, not per message, so the order
 * counts once even if its `order.paid` event were sent under two message ids.
 */
export const paidOrderCountId = (orderId: string) => `paid:${orderId}`

/**
 * The increments of one paid order: units sold per product on the all-time and the day's
 * bestseller boards (variants of one product add up, since shoppers pick products), and the
 * order total on the buyer's all-time spend. `paidAt` chooses the day: the event's time, not the
 * consumer's clock, so a late redelivery lands in the same bucket.
 */
export function paidOrderOps(order: Order, paidAt: string | number): CounterOp[] {
  const units = new Map<string, number>()
  for (const line of order.lines) {
    units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity)
  }
  const ops: CounterOp[] = []
  for (const key of leaderboardKeys('bestsellers', paidAt)) {
    for (const [member, by] of units) ops.push({ kind: 'zincr', key, member, by })
  }
  const [spendAll] = leaderboardKeys('spend', paidAt)
  ops.push({ kind: 'zincr', key: spendAll, member: order.userId, by: order.totalMinor })
  return ops
}

/** The id under which a whole-order refund of an older release is taken off the boards, once. */
export const refundedOrderCountId = (orderId: string) => `refunded:${orderId}`

/**
 * What a whole-order refund recorded without a refund list takes back (events archived before
 * refunds by line): the order's units from the all-time bestsellers and its total from the
 * buyer's all-time spend. Day boards keep it: they record what sold that day.
 */
export function refundedOrderOps(order: Order): CounterOp[] {
  const [bestsellersAll] = leaderboardKeys('bestsellers', order.updatedAt)
  const [spendAll] = leaderboardKeys('spend', order.updatedAt)
  return paidOrderOps(order, order.updatedAt)
    .filter((op) => op.key === bestsellersAll || op.key === spendAll)
    .map((op) => ({ ...op, by: -op.by }))
}

/** The id under which one refund is taken off the boards, once per order and refund id. */
export const refundCountId = (orderId: string, refundId: string) => `refund:${orderId}:${refundId}`

/**
 * What one refund takes back: its units per product from the all-time bestsellers (a refund by
 * amount has none) and its amount from the buyer's all-time spend. Applied in either order with
 * the paid counting (the queue may swap them), the boards end the same.
 */
export function refundOps(order: Order, refund: OrderRefund): CounterOp[] {
  const [bestsellersAll] = leaderboardKeys('bestsellers', refund.createdAt)
  const [spendAll] = leaderboardKeys('spend', refund.createdAt)
  const units = new Map<string, number>()
  for (const l of refund.lines) units.set(l.productId, (units.get(l.productId) ?? 0) + l.quantity)
  const ops: CounterOp[] = [...units].map(([member, n]) => ({
    kind: 'zincr',
    key: bestsellersAll as string,
    member,
    by: -n,
  }))
  ops.push({
    kind: 'zincr',
    key: spendAll as string,
    member: order.userId,
    by: -refund.amountMinor,
  })
  return ops
}

/**
 * Every refund of the order with the id it counts under. Each `order.refunded` event carries the
 * whole list, so an event lost or late is made up by the next, and none counts twice. An order
 * refunded whole before refund lists existed counts under its older id.
 */
export function refundCounts(order: Order): { id: string; ops: CounterOp[] }[] {
  const refunds = order.refunds ?? []
  if (refunds.length === 0)
    return order.status === 'refunded'
      ? [{ id: refundedOrderCountId(order.id), ops: refundedOrderOps(order) }]
      : []
  return refunds.map((r) => ({ id: refundCountId(order.id, r.id), ops: refundOps(order, r) }))
}
