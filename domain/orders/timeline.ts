/** @module An order's timeline for staff: one entry per change, from the object's log or the archive's events. */
import type { OrderEvent, OrderEventType } from './events'
import type { Order } from './order'

/** One entry of an order's timeline. */
export interface TimelineEntry {
  version: number
  type: OrderEventType
  status: Order['status']
  /** Unix ms of the change. */
  at: number
  /** What the change carried beyond its status: a refund's id, amount and lines; the payment id. */
  detail: Record<string, unknown> | null
}

/** What to remember about a change besides its type and status. */
export function changeDetail(order: Order, type: OrderEventType): Record<string, unknown> | null {
  if (type === 'order.refunded') {
    const refund = order.refunds?.at(-1)
    return refund
      ? { refundId: refund.id, amountMinor: refund.amountMinor, lines: refund.lines }
      : { amountMinor: order.totalMinor }
  }
  if (type === 'order.paid') return { paymentId: order.paymentId }
  return null
}

/** The timeline of archived events (one per version), oldest first. */
export function timelineOfEvents(events: readonly OrderEvent[]): TimelineEntry[] {
  return [...events]
    .sort((a, b) => a.data.version - b.data.version)
    .map((e) => ({
      version: e.data.version,
      type: e.type,
      status: e.data.status,
      at: Date.parse(e.occurredAt),
      detail: changeDetail(e.data, e.type),
    }))
}
