/**
 * @module The events a merchant's endpoints can subscribe to, and how each is made from the
 * messages already on commerce-events (order events and inventory.availability_changed).
 */
import type { EventEnvelope } from '../events/envelope'
import { AvailabilityChanged } from '../inventory/events'
import { type OrderEventType, parseOrderEvent } from '../orders/events'

export const WEBHOOK_EVENT_TYPES = [
  'order.placed',
  'order.paid',
  'order.fulfilled',
  'order.refunded',
  'order.cancelled',
  'stock.low',
  'stock.out',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

/** One event as it is posted to an endpoint (the JSON body, before signing). */
export interface WebhookEvent {
  /** Stable across retries and replays: receivers deduplicate on it. */
  id: string
  type: WebhookEventType
  /** When the change happened (ISO 8601), not when it was sent. */
  createdAt: string
  data: unknown
}

/**
 * An expired order is cancelled as far as the merchant is concerned (its stock went back, no
 * money moved), so it is announced as order.cancelled; its `data.status` says `expired`.
 */
const ORDER_WEBHOOK: Readonly<Record<OrderEventType, WebhookEventType>> = {
  'order.placed': 'order.placed',
  'order.paid': 'order.paid',
  'order.fulfilled': 'order.fulfilled',
  'order.refunded': 'order.refunded',
  'order.cancelled': 'order.cancelled',
  'order.expired': 'order.cancelled',
}

/**
 * The webhook event a commerce-events message becomes, keeping its id, or null when it becomes
 * none (product events, a SKU coming back in stock). stock.low is not here: it needs the stock
 * hints (see {@link stockLowEvents}). Throws nothing: a body that does not parse is the archive
 * job's to refuse.
 */
export function webhookEventOf(message: EventEnvelope): WebhookEvent | null {
  if (message.type === 'inventory.availability_changed') {
    const parsed = AvailabilityChanged.safeParse(message.data)
    if (!parsed.success || parsed.data.inStock) return null
    return {
      id: message.id,
      type: 'stock.out',
      createdAt: message.occurredAt,
      data: { sku: parsed.data.sku },
    }
  }
  const parsed = parseOrderEvent(message)
  if (!parsed.success) return null
  return {
    id: message.id,
    type: ORDER_WEBHOOK[parsed.data.type],
    createdAt: message.occurredAt,
    data: parsed.data.data,
  }
}

/** The SKUs of an order.placed message, or none for any other message. */
export function placedSkus(message: EventEnvelope): string[] {
  if (message.type !== 'order.placed') return []
  const parsed = parseOrderEvent(message)
  return parsed.success ? parsed.data.data.lines.map((l) => l.sku) : []
}

/**
 * stock.low for each SKU an order left at or below `threshold` but not out (stock.out covers
 * that), one per order and SKU. `available[i]` is the stock hint of `skus[i]` read after the
 * order: a hint, so a burst of orders can announce the same low level more than once. The id is
 * derived from the order event's id and the SKU, so a redelivered order event yields the same
 * ids and the endpoint gets each once.
 */
export async function stockLowEvents(
  message: EventEnvelope,
  skus: readonly string[],
  available: readonly number[],
  threshold: number,
): Promise<WebhookEvent[]> {
  const events: WebhookEvent[] = []
  for (const [i, sku] of skus.entries()) {
    const left = available[i] ?? 0
    if (left <= 0 || left > threshold) continue
    events.push({
      id: `low_${await digest(`${message.id}\n${sku}`)}`,
      type: 'stock.low',
      createdAt: message.occurredAt,
      data: { sku, available: left, threshold },
    })
  }
  return events
}

async function digest(text: string): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(hash)]
    .slice(0, 20)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
}
