/**
 * @module The product cache hit ratio of GET /v1/ops/metrics: every product read is counted under
 * the layer that answered it (the X-Cache header), on the embedded counters and on Upstash.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ADMIN_KEY, call } from './accounts'

type Cache = {
  adapter: string
  memory: number
  edge: number
  kv: number
  db: number
  hits: number
  misses: number
}
type Metrics = { cache: Cache & { ratio: number | null }; notMeasured: Record<string, string> }

const upstash = {
  UPSTASH_REDIS_REST_URL: env.TEST_SERVICES.UPSTASH_REDIS_REST_URL,
  UPSTASH_REDIS_REST_TOKEN: env.TEST_SERVICES.UPSTASH_REDIS_REST_TOKEN,
}

async function metrics(bindings: object): Promise<Metrics> {
  const res = await call('/v1/ops/metrics', { token: ADMIN_KEY }, bindings)
  expect(res.status).toBe(200)
  return (await res.json()) as Metrics
}

async function createProduct(): Promise<string> {
  const res = await call('/v1/admin/products', {
    method: 'POST',
    token: ADMIN_KEY,
    json: {
      title: 'Cache Counter',
      category: 'shoes',
      brand: 'Acme',
      status: 'active',
      variants: [{ sku: `CH-${crypto.randomUUID().slice(0, 8).toUpperCase()}`, priceMinor: 1_000 }],
    },
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

/** Reads a product and returns where it was answered from. */
async function read(id: string, bindings: object): Promise<string | null> {
  const res = await call(`/v1/products/${id}`, {}, bindings)
  expect([404, 200]).toContain(res.status)
  return res.headers.get('x-cache')
}

describe.each([
  ['durable-object', {}],
  ['upstash', upstash],
] as const)('cache hit ratio on %s counters', (adapter, bindings) => {
  it("counts each read under the layer that answered it: the isolate's memory, edge and KV as hits, the database as a miss", async () => {
    const before = (await metrics(bindings)).cache
    expect(before.adapter).toBe(adapter)
    // An admin update overwrites KV and purges the Cache API entry: the first read is a KV hit,
    // the next one the isolate's memory, and with the memory off the location's Cache API.
    const warm = await createProduct()
    const patched = await call(`/v1/admin/products/${warm}`, {
      method: 'PATCH',
      token: ADMIN_KEY,
      json: { title: 'Cache Counter, warm' },
    })
    expect(patched.status).toBe(200)
    // A product whose KV entry is gone is read from the database: a miss.
    const cold = await createProduct()
    await env.CATALOG_KV.delete(`product:${cold}`)
    const remembering = { ...bindings, MEMORY_CACHE_SECONDS: '60' }
    const seen = [
      await read(warm, remembering),
      await read(warm, remembering),
      await read(warm, bindings),
      await read(cold, bindings),
      await read('no-such-product', bindings),
    ]
    expect(seen).toEqual(['kv', 'memory', 'edge', 'db', null])

    const { cache, notMeasured } = await metrics(bindings)
    expect(notMeasured).not.toHaveProperty('cacheHitRatio')
    expect({
      memory: cache.memory - before.memory,
      edge: cache.edge - before.edge,
      kv: cache.kv - before.kv,
      db: cache.db - before.db,
      hits: cache.hits - before.hits,
      misses: cache.misses - before.misses,
    }).toEqual({ memory: 1, edge: 1, kv: 1, db: 2, hits: 3, misses: 2 })
    expect(cache.ratio).toBeCloseTo(cache.hits / (cache.hits + cache.misses), 10)
  })
})

describe('cache hit counting', () => {
  it('never fails a read: with the counters store down the product is still served', async () => {
    const id = await createProduct()
    const down = { UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9', UPSTASH_REDIS_REST_TOKEN: 'x' }
    for (const source of ['db', 'edge']) {
      const res = await call(`/v1/products/${id}`, {}, down)
      expect([res.status, res.headers.get('x-cache')]).toEqual([200, source])
    }
    const report = await call('/v1/ops/metrics', { token: ADMIN_KEY }, down)
    expect(((await report.json()) as { cache: { error?: string } }).cache.error).toEqual(
      expect.any(String),
    )
  })
})
