/**
 * @module Product views feed popularity, and search documents read every signal of a batch of
 * products in one counters read; on the embedded counters and on Upstash, in workerd.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { createRedis } from '#adapters/upstash/client'
import { UpstashCounters } from '#adapters/upstash/counters'
import type { Product } from '#domain/catalog/product'
import { buildSearchDocuments, stockHintKey } from '#domain/catalog/search-document'
import type { CountersPort } from '#domain/ports/counters'
import { DurableObjectCounters } from '#objects/counters/adapter'
import { ADMIN_KEY, call } from './accounts'

const upstash = {
  UPSTASH_REDIS_REST_URL: env.TEST_SERVICES.UPSTASH_REDIS_REST_URL,
  UPSTASH_REDIS_REST_TOKEN: env.TEST_SERVICES.UPSTASH_REDIS_REST_TOKEN,
}
// Each store as the api builds it from these bindings (Upstash under the api's own `ec:` prefix).
const stores: [string, object, () => CountersPort][] = [
  ['durable-object', {}, () => new DurableObjectCounters(env.COUNTERS)],
  [
    'upstash',
    upstash,
    () =>
      new UpstashCounters(
        createRedis({
          url: upstash.UPSTASH_REDIS_REST_URL,
          token: upstash.UPSTASH_REDIS_REST_TOKEN,
        }),
      ),
  ],
]

/** Counts every counters read the code under test makes. */
function countingReads(counters: CountersPort) {
  const calls = { get: 0, getMany: 0 }
  const port: CountersPort = Object.assign(Object.create(counters), {
    get(key: string) {
      calls.get++
      return counters.get(key)
    },
    getMany(keys: readonly string[]) {
      calls.getMany++
      return counters.getMany(keys)
    },
  })
  return { port, calls }
}

async function createProduct(skus: string[]): Promise<Product> {
  const res = await call('/v1/admin/products', {
    method: 'POST',
    token: ADMIN_KEY,
    json: {
      title: 'Signal Runner',
      category: 'shoes',
      brand: 'Acme',
      status: 'active',
      variants: skus.map((sku) => ({ sku, priceMinor: 4_000 })),
    },
  })
  expect(res.status).toBe(201)
  return (await res.json()) as Product
}

describe.each(stores)('product signals on %s', (_, bindings, make) => {
  it("counts each client's read of a product as a view into its popularity, once per window", async () => {
    const [a, b] = [await createProduct([sku()]), await createProduct([sku()])]
    const reads = [
      [b.id, '1'],
      [a.id, '1'],
      [b.id, '2'],
      [b.id, '3'],
      [b.id, '3'],
    ]
    for (const [id, client] of reads) {
      const headers = { 'cf-connecting-ip': `192.0.2.${client}` }
      expect((await call(`/v1/products/${id}`, { headers }, bindings)).status).toBe(200)
    }
    const { port, calls } = countingReads(make())
    const docs = await buildSearchDocuments([a, b], port)
    expect(docs.map((d) => [d.id, d.popularity])).toEqual([
      [a.id, 1],
      [b.id, 3],
    ])
    expect(calls).toEqual({ get: 0, getMany: 1 })
  })

  it('reads stock hints of every variant of a batch in one read', async () => {
    const skus = [sku(), sku(), sku()]
    const [soldOut, oneLeft] = [
      await createProduct([skus[0] as string]),
      await createProduct(skus.slice(1)),
    ]
    const counters = make()
    await counters.set(stockHintKey(skus[0] as string), 0)
    await counters.set(stockHintKey(skus[2] as string), 1)
    const { port, calls } = countingReads(counters)
    const docs = await buildSearchDocuments([soldOut, oneLeft], port)
    expect(docs.map((d) => [d.id, d.inStock, d.skus])).toEqual([
      [soldOut.id, false, [skus[0]]],
      [oneLeft.id, true, skus.slice(1)],
    ])
    expect(calls).toEqual({ get: 0, getMany: 1 })
    expect(await buildSearchDocuments([], port)).toEqual([])
  })
})

function sku() {
  return `V-${crypto.randomUUID().slice(0, 8).toUpperCase()}`
}
