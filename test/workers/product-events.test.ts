/**
 * @module A price change end to end in workerd: the admin API writes it, the product endpoint shows
 * it at once, and search shows it once the consumer has applied the product event.
 */
import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import api from '#api/index'
import consumer from '#consumer/index'
import { productEvent } from '#domain/catalog/events'
import type { Product } from '#domain/catalog/product'

const ADMIN = { authorization: 'Bearer test-admin-key', 'content-type': 'application/json' }

async function call(path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext()
  const res = await api.fetch(new Request(`https://shop.test${path}`, init), env, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

/** Delivers the event the admin write emitted, as the queue would, and returns what was acked. */
async function deliver(product: Product) {
  const event = productEvent(product, crypto.randomUUID(), Date.now())
  const batch = createMessageBatch('commerce-events', [
    { id: event.id, timestamp: new Date(), attempts: 1, body: event },
  ])
  const ctx = createExecutionContext()
  await consumer.queue(batch, env as never)
  return (await getQueueResult(batch, ctx)).explicitAcks
}

const search = async (q: string) =>
  (await (await call(`/v1/search?q=${encodeURIComponent(q)}`)).json()) as {
    hits: { id: string; priceMinor: number }[]
  }

describe('product events', () => {
  it('shows a price change on the product at once and in search after the consumer ran', async () => {
    const word = `zq${crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`
    const created = await call('/v1/admin/products', {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({
        title: `Lantern ${word}`,
        category: 'camping',
        brand: 'Lumen',
        status: 'active',
        variants: [{ sku: `L-${word}`, priceMinor: 3_000 }],
      }),
    })
    const product = (await created.json()) as Product
    expect(await deliver(product)).toHaveLength(1)
    expect((await search(word)).hits).toEqual([
      expect.objectContaining({ id: product.id, priceMinor: 3_000 }),
    ])

    const patched = (await (
      await call(`/v1/admin/products/${product.id}`, {
        method: 'PATCH',
        headers: ADMIN,
        body: JSON.stringify({ variants: [{ sku: `L-${word}`, priceMinor: 2_500 }] }),
      })
    ).json()) as Product
    expect(
      ((await (await call(`/v1/products/${product.id}`)).json()) as Product).variants[0]
        ?.priceMinor,
    ).toBe(2_500)
    // The index still holds the old price until the consumer applies the event.
    expect((await search(word)).hits[0]?.priceMinor).toBe(3_000)
    await deliver(patched)
    expect((await search(word)).hits[0]?.priceMinor).toBe(2_500)

    // A late, repeated delivery of the first event changes nothing: the job indexes what the
    // database holds now, and the index refuses older versions.
    await deliver(product)
    expect((await search(word)).hits[0]?.priceMinor).toBe(2_500)
  })

  it('removes an archived product from search', async () => {
    const word = `zr${crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`
    const product = (await (
      await call('/v1/admin/products', {
        method: 'POST',
        headers: ADMIN,
        body: JSON.stringify({
          title: `Kettle ${word}`,
          category: 'kitchen',
          brand: 'Oakridge',
          status: 'active',
          variants: [{ sku: `K-${word}`, priceMinor: 900 }],
        }),
      })
    ).json()) as Product
    await deliver(product)
    expect((await search(word)).hits).toHaveLength(1)
    const archived = (await (
      await call(`/v1/admin/products/${product.id}`, { method: 'DELETE', headers: ADMIN })
    ).json()) as Product
    await deliver(archived)
    expect((await search(word)).hits).toHaveLength(0)
  })
})
