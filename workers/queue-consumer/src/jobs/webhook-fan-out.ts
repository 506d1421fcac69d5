/**
 * @module Outbound webhooks, first step: a commerce-events message becomes webhook events, and
 * each event one delivery per subscribed endpoint, queued on webhook-deliveries.
 */
import { stockHintKey } from '#domain/catalog/search-document'
import { createLogger } from '#domain/log'
import { newDelivery, type WebhookDeliveryMessage } from '#domain/webhooks/delivery'
import type { WebhookEndpoint } from '#domain/webhooks/endpoint'
import {
  placedSkus,
  stockLowEvents,
  type WebhookEvent,
  type WebhookEventType,
  webhookEventOf,
} from '#domain/webhooks/events'
import type { Job } from './job'

// Queues take at most 100 messages per sendBatch.
const SEND_CHUNK = 100

/**
 * Stores the deliveries (one per endpoint and event id: a redelivered message finds them stored)
 * and queues those never attempted. A failure anywhere retries the whole message, which repeats
 * nothing already stored; a delivery whose message was lost with a crash between the two steps
 * is queued by that retry, since it is still unattempted.
 */
export const fanOutWebhooks: Job = async (message, ports, context) => {
  const event = webhookEventOf(message)
  const skus = placedSkus(message)
  if (!event && skus.length === 0) return
  const list = context.endpoints ?? (() => ports.database.webhooks.listEndpoints())
  const endpoints = (await list()).filter((e) => e.enabled)
  const subscribed = (type: WebhookEventType) =>
    endpoints.filter((e) => e.eventTypes.includes(type))
  const events: WebhookEvent[] = event && subscribed(event.type).length > 0 ? [event] : []
  if (skus.length > 0 && subscribed('stock.low').length > 0)
    events.push(...(await lowStock(message, skus, ports, context.settings.lowStockThreshold)))
  const now = Date.now()
  const deliveries = events.flatMap((ev) =>
    subscribed(ev.type).map((endpoint: WebhookEndpoint) => newDelivery(endpoint.id, ev, now)),
  )
  if (deliveries.length === 0) return
  const stored = await ports.database.webhooks.addDeliveries(deliveries)
  const unsent = stored.filter(
    (d) => d.status === 'pending' && d.attempts === 0 && d.leaseUntil === 0,
  )
  for (let i = 0; i < unsent.length; i += SEND_CHUNK) {
    await context.webhookDeliveries.sendBatch(
      unsent.slice(i, i + SEND_CHUNK).map((d) => ({
        body: { deliveryId: d.id } satisfies WebhookDeliveryMessage,
        contentType: 'json' as const,
      })),
    )
  }
}

/**
 * stock.low from the SKUs' stock hints. The hints are for display and fail open, and so does
 * this: with the counters store down, the order's other webhooks still go out and stock.low is
 * skipped (logged) rather than holding them back.
 */
async function lowStock(
  message: Parameters<Job>[0],
  skus: string[],
  ports: Parameters<Job>[1],
  threshold: number,
): Promise<WebhookEvent[]> {
  try {
    const available = await ports.counters.getMany(skus.map(stockHintKey))
    return await stockLowEvents(message, skus, available, threshold)
  } catch (err) {
    createLogger().warn('stock.low not computed: the stock hints could not be read', {
      eventId: message.id,
      error: err,
    })
    return []
  }
}
