/** @module Shared set-up of the checkout and archive suites: products, stock, shoppers, webhooks, delivery. */
export { eventually, replayLedger } from '#objects/inventory-item/test-helpers'

import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { expect } from 'vitest'
import { D1DatabaseAdapter } from '#adapters/d1/database'
import consumer from '#consumer/index'
import { signPayload } from '#domain/payments/signature'
import { Inventory } from '#objects/inventory-item/adapter'
import { flushed, recordingQueue, useQueue } from '#objects/shopper/test-helpers'
import { ADMIN_KEY, call, storedUser } from './accounts'

export const inventory = () => new Inventory(env.INVENTORY_ITEM)
export const archive = () => new D1DatabaseAdapter(env.DB).archive
export const deadLetters = () => new D1DatabaseAdapter(env.DB).deadLetters
export const newKey = () => `key-${crypto.randomUUID()}`

/** The PlanetScale adapter pointed at a port nothing listens on: the database is down. */
export const DATABASE_DOWN = { DATABASE_URL: 'http://u:p@127.0.0.1:9' }

/** Creates an active product with one variant per SKU (unique per call) and returns the SKUs. */
export async function productWith(
  prices: number[],
  status: 'active' | 'draft' = 'active',
): Promise<string[]> {
  return (await createProduct(prices, status)).skus
}

/** Creates a product with one variant per price; its id and SKUs. */
export async function createProduct(
  prices: number[],
  status: 'active' | 'draft' = 'active',
): Promise<{ id: string; skus: string[] }> {
  const tag = crypto.randomUUID().slice(0, 8).toUpperCase()
  const skus = prices.map((_, i) => `CK-${tag}-${i}`)
  const res = await call('/v1/admin/products', {
    method: 'POST',
    token: ADMIN_KEY,
    json: {
      title: `Checkout item ${tag}`,
      category: 'test',
      brand: 'Acme',
      status,
      variants: prices.map((priceMinor, i) => ({ sku: skus[i], priceMinor })),
    },
  })
  expect(res.status).toBe(201)
  return { id: ((await res.json()) as { id: string }).id, skus }
}

/** Receives `quantity` units of `sku` through the admin API. */
export async function receive(sku: string, quantity: number): Promise<void> {
  const res = await call(`/v1/admin/inventory/${sku}/adjust`, {
    method: 'POST',
    token: ADMIN_KEY,
    json: { receive: quantity, reason: 'test delivery' },
  })
  expect(res.status).toBe(200)
}

/** A shopper with a token signed the way sign-in signs them (for crowds, without signing up). */
export function shopper(): Promise<{ id: string; token: string }> {
  return storedUser('shopper')
}

/** POST /v1/orders. */
export function placeOrder(token: string, body: unknown, key: string | null, bindings = {}) {
  const headers: Record<string, string> = key === null ? {} : { 'Idempotency-Key': key }
  return call('/v1/orders', { method: 'POST', token, json: body, headers }, bindings)
}

/**
 * Makes the shopper's object record every event it sends (still forwarding each to the real
 * queue), so a test can deliver them to the consumer as the queue would.
 */
export async function recordEvents(userId: string, sent: unknown[]): Promise<void> {
  await useQueue(env.SHOPPER.getByName(userId), recordingQueue(sent).queue)
}

/** Waits until the shopper's object has sent what its last command wrote (it sends after answering). */
export const eventsSent = (userId: string) => flushed(env.SHOPPER.getByName(userId))

/** Delivers `bodies` to the consumer as one commerce-events batch (ids from `prefix`). */
export async function deliver(bodies: unknown[], prefix: string, bindings: object = {}) {
  const batch = createMessageBatch(
    'commerce-events',
    bodies.map((body, i) => ({ id: `${prefix}-${i}`, timestamp: new Date(), attempts: 1, body })),
  )
  const ctx = createExecutionContext()
  // The consumer's handler takes no context; the batch records its acks and retries itself.
  await consumer.queue(batch, { ...env, ...bindings } as never)
  return getQueueResult(batch, ctx)
}

/** POST /v1/webhooks/payments, signed with the test secret at `at` (unix seconds) unless overridden. */
export async function payWebhook(
  body: unknown,
  over: { secret?: string; at?: number; signature?: string | null } = {},
) {
  const raw = JSON.stringify(body)
  const at = over.at ?? Math.floor(Date.now() / 1000)
  const signature =
    over.signature === undefined
      ? await signPayload(over.secret ?? env.PAYMENT_WEBHOOK_SECRET, at, raw)
      : over.signature
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (signature !== null) headers['X-Signature'] = signature
  return call('/v1/webhooks/payments', { method: 'POST', headers, body: raw })
}
