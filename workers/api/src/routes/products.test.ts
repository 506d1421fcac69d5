/** @module The catalog over HTTP in workerd: admin writes, cached reads, ETags, invalid input. */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../index'

const ADMIN = { authorization: 'Bearer test-admin-key', 'content-type': 'application/json' }

/** The real D1 binding, with every statement it runs counted. */
function countingDb() {
  const counter = { statements: 0 }
  const db = new Proxy(env.DB, {
    get(target, prop) {
      const value = Reflect.get(target, prop)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if (prop === 'prepare' || prop === 'exec' || prop === 'batch') counter.statements++
        return value.apply(target, args)
      }
    },
  })
  return { db, counter }
}

async function call(path: string, init: RequestInit = {}, bindings: object = {}) {
  const ctx = createExecutionContext()
  const res = await worker.fetch(
    new Request(`https://shop.test${path}`, init),
    { ...env, ...bindings } as Env,
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return res
}

const sku = () => `T-${crypto.randomUUID().slice(0, 8).toUpperCase()}`
const body = (over: object = {}) => ({
  title: 'Trail Runner',
  category: 'shoes',
  brand: 'Acme',
  status: 'active',
  variants: [{ sku: sku(), priceMinor: 5_000 }],
  ...over,
})

async function createProduct(over: object = {}) {
  const res = await call('/v1/admin/products', {
    method: 'POST',
    headers: ADMIN,
    body: JSON.stringify(body(over)),
  })
  expect(res.status).toBe(201)
  return (await res.json()) as {
    id: string
    version: number
    variants: { sku: string; priceMinor: number }[]
  }
}

describe('products', () => {
  it('serves a hot product from the caches without touching the database', async () => {
    const product = await createProduct()
    // A fresh location: nothing cached at the edge or in KV yet.
    await caches.default.delete(`https://product-cache.internal/v1/products/${product.id}`)
    await env.CATALOG_KV.delete(`product:${product.id}`)
    const { db, counter } = countingDb()
    const first = await call(`/v1/products/${product.id}`, {}, { DB: db })
    expect(first.headers.get('x-cache')).toBe('db')
    const afterMiss = counter.statements
    expect(afterMiss).toBeGreaterThan(0)
    for (let i = 0; i < 5; i++) {
      const res = await call(`/v1/products/${product.id}`, {}, { DB: db })
      expect(res.status).toBe(200)
      expect(res.headers.get('x-cache')).toBe('edge')
    }
    // Evicted from this location's cache, the product still comes from KV, not the database.
    await caches.default.delete(`https://product-cache.internal/v1/products/${product.id}`)
    const fromKv = await call(`/v1/products/${product.id}`, {}, { DB: db })
    expect(fromKv.headers.get('x-cache')).toBe('kv')
    expect(counter.statements).toBe(afterMiss)
  })

  it('answers 304 to a matching If-None-Match and states the staleness budget', async () => {
    const product = await createProduct()
    const res = await call(`/v1/products/${product.id}`)
    const etag = res.headers.get('etag')
    expect(etag).toBe(`"${product.id}-v1"`)
    expect(res.headers.get('cache-control')).toContain('s-maxage=30')
    const again = await call(`/v1/products/${product.id}`, {
      headers: { 'if-none-match': etag ?? '' },
    })
    expect(again.status).toBe(304)
  })

  it('serves the new version at this location as soon as an admin write returns', async () => {
    const product = await createProduct()
    const before = await call(`/v1/products/${product.id}`)
    expect(((await before.json()) as typeof product).variants[0]?.priceMinor).toBe(5_000)
    const newSku = product.variants[0]?.sku
    const patch = await call(`/v1/admin/products/${product.id}`, {
      method: 'PATCH',
      headers: ADMIN,
      body: JSON.stringify({ variants: [{ sku: newSku, priceMinor: 4_200 }] }),
    })
    expect(patch.status).toBe(200)
    const after = await call(`/v1/products/${product.id}`)
    const json = (await after.json()) as typeof product
    expect(json.version).toBe(2)
    expect(json.variants[0]?.priceMinor).toBe(4_200)
    expect(after.headers.get('etag')).toBe(`"${product.id}-v2"`)
  })

  it('archives a product: it leaves the product page and the listing', async () => {
    const category = `c${crypto.randomUUID().slice(0, 8)}`
    const product = await createProduct({ category })
    expect((await call(`/v1/products/${product.id}`)).status).toBe(200)
    expect(
      (await call(`/v1/admin/products/${product.id}`, { method: 'DELETE', headers: ADMIN })).status,
    ).toBe(200)
    expect((await call(`/v1/products/${product.id}`)).status).toBe(404)
    const list = (await (await call(`/v1/products?category=${category}`)).json()) as {
      items: unknown[]
    }
    expect(list.items).toEqual([])
  })

  it('lists active products by category with a cursor', async () => {
    const category = `c${crypto.randomUUID().slice(0, 8)}`
    const ids = []
    for (let i = 0; i < 3; i++) ids.push((await createProduct({ category })).id)
    await createProduct({ category, status: 'draft' })
    const first = (await (await call(`/v1/products?category=${category}&limit=2`)).json()) as {
      items: { id: string }[]
      nextCursor: string
    }
    const second = (await (
      await call(`/v1/products?category=${category}&limit=2&cursor=${first.nextCursor}`)
    ).json()) as {
      items: { id: string }[]
      nextCursor: null
    }
    expect([...first.items, ...second.items].map((p) => p.id)).toEqual(ids.sort())
    expect(second.nextCursor).toBeNull()
  })

  it.each([
    [
      'a negative price',
      JSON.stringify(body({ variants: [{ sku: 'NEG-1', priceMinor: -1 }] })),
      400,
      'validation_failed',
    ],
    [
      'a missing SKU',
      JSON.stringify(body({ variants: [{ priceMinor: 100 }] })),
      400,
      'validation_failed',
    ],
    [
      'a duplicate SKU',
      JSON.stringify(
        body({
          variants: [
            { sku: 'DUP-1', priceMinor: 1 },
            { sku: 'dup-1', priceMinor: 2 },
          ],
        }),
      ),
      400,
      'validation_failed',
    ],
    ['no variants', JSON.stringify(body({ variants: [] })), 400, 'validation_failed'],
    ['an unknown field', JSON.stringify(body({ colour: 'red' })), 400, 'validation_failed'],
    [
      'a 1 MB title',
      JSON.stringify(body({ title: 'x'.repeat(1_000_000) })),
      413,
      'payload_too_large',
    ],
    ['malformed JSON', '{"title": ', 400, 'malformed_json'],
  ])('refuses %s with the envelope and writes nothing', async (_, payload, status, code) => {
    const count = async () =>
      (await env.DB.prepare('select count(*) as n from products').first<{ n: number }>())?.n
    const before = await count()
    const res = await call('/v1/admin/products', { method: 'POST', headers: ADMIN, body: payload })
    expect(res.status).toBe(status)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code)
    expect(await count()).toBe(before)
  })

  it('refuses a SKU that another product owns with 409, and a bad id with 400', async () => {
    const product = await createProduct()
    const clash = await call('/v1/admin/products', {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify(body({ variants: [{ sku: product.variants[0]?.sku, priceMinor: 1 }] })),
    })
    expect(clash.status).toBe(409)
    expect(await clash.json()).toMatchObject({ error: { code: 'sku_taken' } })
    expect((await call('/v1/products/bad%20id!')).status).toBe(400)
    expect(
      (
        await call('/v1/admin/products/nope', {
          method: 'PATCH',
          headers: ADMIN,
          body: '{"title":"x"}',
        })
      ).status,
    ).toBe(404)
  })

  it('imports a batch: each product succeeds or fails on its own', async () => {
    const taken = (await createProduct()).variants[0]?.sku
    const res = await call('/v1/admin/products/batch', {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({
        products: [body(), body({ variants: [{ sku: taken, priceMinor: 1 }] }), body()],
      }),
    })
    expect(res.status).toBe(200)
    const { results } = (await res.json()) as {
      results: { index: number; id?: string; error?: { code: string } }[]
    }
    expect(results.map((r) => r.error?.code ?? 'ok')).toEqual(['ok', 'sku_taken', 'ok'])
    for (const r of results.filter((x) => x.id))
      expect((await call(`/v1/products/${r.id}`)).status).toBe(200)
  })
})
