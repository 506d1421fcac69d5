/**
 * @module The webhook fan-out and the delivery consumer's bookkeeping in workerd on D1: one
 * delivery per endpoint and event however often the event comes, and messages that find nothing
 * to send acked without an attempt. HTTP delivery itself is tested against a real receiver in
 * test/faults/webhooks.test.ts.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { afterEach, describe, expect, it } from 'vitest'
import { D1DatabaseAdapter } from '#adapters/d1/database'
import { stockHintKey } from '#domain/catalog/search-document'
import { orderEvent } from '#domain/orders/events'
import { type Order, untaxedTotals } from '#domain/orders/order'
import type { WebhookDeliveryMessage } from '#domain/webhooks/delivery'
import type { WebhookEndpoint } from '#domain/webhooks/endpoint'
import { DurableObjectCounters } from '#objects/counters/adapter'
import { DurableObjectSearch } from '#objects/search-index/adapter'
import type { Ports } from '#objects/shared/ports'
import { processEvents } from '../process-events'
import { deliverWebhooks } from '../webhooks/deliver'
import { webhookSettings } from '../webhooks/settings'

const database = new D1DatabaseAdapter(env.DB)
const counters = new DurableObjectCounters(env.COUNTERS)
const ports: Ports = { database, search: new DurableObjectSearch(env.SEARCH_INDEX), counters }
const settings = webhookSettings({ LOW_STOCK_THRESHOLD: '5' })
const hex = () => crypto.randomUUID().replace(/-/g, '')
const made: string[] = []

async function endpoint(overrides: Partial<WebhookEndpoint>): Promise<WebhookEndpoint> {
  const e: WebhookEndpoint = {
    id: `whe_${hex()}`,
    url: 'https://merchant.example/hooks',
    description: '',
    eventTypes: ['order.placed'],
    enabled: true,
    secret: `whsec_${hex()}`,
    previousSecret: null,
    previousSecretExpiresAt: null,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    ...overrides,
  }
  await database.webhooks.createEndpoint(e)
  made.push(e.id)
  return e
}

// Endpoints of one test must not receive the events of the next.
afterEach(async () => {
  for (const id of made.splice(0)) await database.webhooks.deleteEndpoint(id)
})

/** Runs `bodies` through the commerce-events processing; what it queued for delivery. */
async function fanOut(bodies: unknown[]) {
  const sent: WebhookDeliveryMessage[] = []
  const webhookDeliveries = {
    sendBatch: async (messages: Iterable<MessageSendRequest<WebhookDeliveryMessage>>) => {
      const batch = [...messages]
      await env.WEBHOOK_DELIVERIES.sendBatch(batch)
      sent.push(...batch.map((m) => m.body))
    },
  } as unknown as Queue<WebhookDeliveryMessage>
  const batch = createMessageBatch(
    'commerce-events',
    bodies.map((body, i) => ({ id: `m-${hex()}-${i}`, timestamp: new Date(), attempts: 1, body })),
  )
  const ctx = createExecutionContext()
  await processEvents(batch, ports, { settings, webhookDeliveries })
  return { sent, result: await getQueueResult(batch, ctx) }
}

async function deliver(bodies: unknown[]) {
  const batch = createMessageBatch(
    'webhook-deliveries',
    bodies.map((body, i) => ({ id: `d-${hex()}-${i}`, timestamp: new Date(), attempts: 1, body })),
  )
  const ctx = createExecutionContext()
  await deliverWebhooks(batch, ports, settings)
  return getQueueResult(batch, ctx)
}

const order = (sku: string): Order => ({
  id: hex() + hex(),
  userId: 'user-webhooks',
  status: 'pending_payment',
  currency: 'EUR',
  lines: [
    { sku, productId: 'p', title: 'T', unitPriceMinor: 100, quantity: 1, lineTotalMinor: 100 },
  ],
  totalMinor: 100,
  version: 1,
  createdAt: Date.now(),
  updatedAt: Date.now(),
  expiresAt: Date.now() + 900_000,
  paymentId: null,
  contact: null,
  shippingAddress: null,
  billingAddress: null,
  totals: untaxedTotals('EUR', [
    { sku, productId: 'p', title: 'T', unitPriceMinor: 100, quantity: 1 },
  ]),
})

describe('webhook fan-out', () => {
  it('stores one delivery per subscribed endpoint and event, however often the event comes', async () => {
    const sku = `WH-${hex().slice(0, 8)}`
    await counters.set(stockHintKey(sku), 3)
    const all = await endpoint({ eventTypes: ['order.placed', 'stock.low'] })
    const disabled = await endpoint({ enabled: false })
    const paidOnly = await endpoint({ eventTypes: ['order.paid'] })
    const event = orderEvent(order(sku), `evt-${hex()}`)

    const first = await fanOut([event, event])
    expect(first.result.explicitAcks).toHaveLength(2)
    const mine = await database.webhooks.listDeliveries({ endpointId: all.id, limit: 10 })
    expect(mine.map((d) => d.eventType).sort()).toEqual(['order.placed', 'stock.low'])
    expect(mine.find((d) => d.eventType === 'order.placed')?.eventId).toBe(event.id)
    expect(JSON.parse(mine.find((d) => d.eventType === 'stock.low')?.payload ?? '{}').data).toEqual(
      { sku, available: 3, threshold: 5 },
    )
    for (const other of [disabled, paidOnly])
      expect(await database.webhooks.listDeliveries({ endpointId: other.id, limit: 10 })).toEqual(
        [],
      )
    // Every message names a stored delivery; a repeat of the event stores nothing new.
    expect(new Set(first.sent.map((m) => m.deliveryId))).toEqual(new Set(mine.map((d) => d.id)))
    await fanOut([event])
    expect(await database.webhooks.listDeliveries({ endpointId: all.id, limit: 10 })).toEqual(mine)
  })

  it('acks messages with nothing to send, fails deliveries to a deleted endpoint, dead-letters junk', async () => {
    const sku = `WH-${hex().slice(0, 8)}`
    const gone = await endpoint({ eventTypes: ['order.placed'] })
    const { sent } = await fanOut([orderEvent(order(sku), `evt-${hex()}`)])
    const [message] = sent
    await database.webhooks.deleteEndpoint(gone.id)
    const result = await deliver([message, { deliveryId: `whd_${hex()}` }, { nope: 1 }])
    expect(result.explicitAcks).toHaveLength(3)
    const delivery = await database.webhooks.getDelivery(message?.deliveryId ?? '')
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, lastError: 'endpoint deleted' })
    expect(await database.webhooks.listAttempts(delivery?.id ?? '')).toMatchObject([
      { attempt: 1, responseStatus: null, error: 'endpoint deleted' },
    ])
    // Delivered again (a duplicate message), it is finished: acked, no second attempt.
    expect((await deliver([message])).explicitAcks).toHaveLength(1)
    expect(await database.webhooks.listAttempts(delivery?.id ?? '')).toHaveLength(1)
    const letters = await database.deadLetters.list(1_000)
    expect(letters.find((l) => l.queue === 'webhook-deliveries')?.error).toMatch(
      /^malformed webhook delivery message/,
    )
  })
})
