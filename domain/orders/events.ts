/** @module Order events: the envelope `{type, v: 1, id, occurredAt, data}` with the full order. */
import { z } from 'zod'
import { EventEnvelope } from '../events/envelope'
import { Order, type OrderStatus } from './order'

export const ORDER_EVENT_TYPES = [
  'order.placed',
  'order.paid',
  'order.cancelled',
  'order.expired',
  'order.fulfilled',
  'order.refunded',
] as const
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number]

/** The event each status is entered with. */
const EVENT_OF: Readonly<Record<OrderStatus, OrderEventType>> = {
  pending_payment: 'order.placed',
  paid: 'order.paid',
  fulfilled: 'order.fulfilled',
  cancelled: 'order.cancelled',
  expired: 'order.expired',
  refunded: 'order.refunded',
}

/** An order event; `data` is the order as it stood right after the change, with its version. */
export const OrderEvent = EventEnvelope.extend({
  type: z.enum(ORDER_EVENT_TYPES),
  v: z.literal(1),
  data: Order,
})
export type OrderEvent = z.infer<typeof OrderEvent>

const parsedOrderEvents = new WeakMap<object, z.ZodSafeParseResult<OrderEvent>>()

/**
 * `OrderEvent.safeParse(message)`, done once per message object: the consumer's jobs for one
 * message (the archive, the webhooks, the leaderboards) each read it as an order event, and
 * parsing the order is most of a message's own cost there. The result is shared: read it, do not
 * change it.
 */
export function parseOrderEvent(message: unknown): z.ZodSafeParseResult<OrderEvent> {
  if (typeof message !== 'object' || message === null) return OrderEvent.safeParse(message)
  let parsed = parsedOrderEvents.get(message)
  if (!parsed) {
    parsed = OrderEvent.safeParse(message)
    parsedOrderEvents.set(message, parsed)
  }
  return parsed
}

/**
 * The event announcing `order`'s current status; `id` must be unique and at most 64 chars. A
 * partial refund keeps the status and passes `order.refunded` as `type`: its refund is the last
 * of `data.refunds`.
 */
export function orderEvent(
  order: Order,
  id: string,
  type: OrderEventType = EVENT_OF[order.status],
): OrderEvent {
  return {
    type,
    v: 1,
    id,
    occurredAt: new Date(order.updatedAt).toISOString(),
    data: order,
  }
}
