/**
 * @module The product read path: answers from an isolate's memory touch not even the Cache API,
 * answers from the Cache API touch no store, answers from KV touch no object and no database,
 * failing caches fall back to the database, and views and cache outcomes are added up in memory
 * and written once per interval.
 */
import { describe, expect, it, vi } from 'vitest'
import { popularityKey } from '#domain/catalog/search-document'
import { cacheReadKey } from '#domain/counting/cache-reads'
import { DurableObjectCounters } from '#objects/counters/adapter'
import { ADMIN_KEY, call, createProduct, env, failing, readProduct } from './helpers'

const counters = () => new DurableObjectCounters(env.COUNTERS)
// A long interval: nothing is flushed by these requests unless the test says so.
const HOLD = { COUNT_FLUSH_SECONDS: '3600' }
// The isolate's memory keeps product answers a minute (the test config turns it off).
const KEEP = { MEMORY_CACHE_SECONDS: '60' }

describe('product reads', () => {
  it('answers from the Cache API without touching an object, KV or the database', async () => {
    const { id } = await createProduct()
    expect((await readProduct(id, '192.0.2.1')).headers.get('x-cache')).toBe('kv')
    const used: string[] = []
    const down = {
      ...HOLD,
      CATALOG_KV: failing('kv', used),
      COUNTERS: failing('counters', used),
      DB: failing('db', used),
      SEARCH_INDEX: failing('search', used),
    }
    for (const ip of ['192.0.2.1', '192.0.2.2']) {
      const res = await readProduct(id, ip, down)
      expect([res.status, res.headers.get('x-cache')]).toEqual([200, 'edge'])
    }
    expect(used).toEqual([])
  })

  it("answers from the isolate's memory without the Cache API, an object, KV or the database", async () => {
    const { id } = await createProduct()
    const first = await readProduct(id, '192.0.2.11', KEEP)
    expect([first.status, first.headers.get('x-cache')]).toEqual([200, 'kv'])
    const body = await first.json()
    const used: string[] = []
    const down = {
      ...HOLD,
      ...KEEP,
      CATALOG_KV: failing('kv', used),
      COUNTERS: failing('counters', used),
      DB: failing('db', used),
      SEARCH_INDEX: failing('search', used),
    }
    const match = vi.spyOn(caches.default, 'match')
    try {
      const res = await readProduct(id, '192.0.2.12', down)
      expect([res.status, res.headers.get('x-cache')]).toEqual([200, 'memory'])
      expect(res.headers.get('etag')).toBe(first.headers.get('etag'))
      expect(res.headers.get('cache-control')).toBe(first.headers.get('cache-control'))
      expect(await res.json()).toEqual(body)
      const revalidated = await call(
        `/v1/products/${id}`,
        { headers: { 'if-none-match': first.headers.get('etag') ?? '' } },
        down,
      )
      expect([revalidated.status, revalidated.headers.get('x-cache')]).toEqual([304, 'memory'])
      expect(match).not.toHaveBeenCalled()
    } finally {
      match.mockRestore()
    }
    expect(used).toEqual([])
  })

  it('keeps an answer in memory MEMORY_CACHE_SECONDS, then asks the Cache API again', async () => {
    const { id } = await createProduct()
    const brief = { MEMORY_CACHE_SECONDS: '0.3' }
    const seen = [(await readProduct(id, '192.0.2.13', brief)).headers.get('x-cache')]
    seen.push((await readProduct(id, '192.0.2.13', brief)).headers.get('x-cache'))
    await new Promise((r) => setTimeout(r, 400))
    seen.push((await readProduct(id, '192.0.2.13', brief)).headers.get('x-cache'))
    seen.push((await readProduct(id, '192.0.2.13', brief)).headers.get('x-cache'))
    expect(seen).toEqual(['kv', 'memory', 'edge', 'memory'])
  })

  it('forgets the product in the writing isolate as soon as an admin write returns', async () => {
    const { id } = await createProduct('Remembered')
    expect((await readProduct(id, '192.0.2.14', KEEP)).headers.get('x-cache')).toBe('kv')
    expect((await readProduct(id, '192.0.2.14', KEEP)).headers.get('x-cache')).toBe('memory')
    const patched = await call(`/v1/admin/products/${id}`, {
      method: 'PATCH',
      token: ADMIN_KEY,
      json: { title: 'Rewritten' },
    })
    expect(patched.status).toBe(200)
    const res = await readProduct(id, '192.0.2.14', KEEP)
    expect(res.headers.get('x-cache')).toBe('kv')
    expect(((await res.json()) as { title: string }).title).toBe('Rewritten')
    expect((await readProduct(id, '192.0.2.14', KEEP)).headers.get('x-cache')).toBe('memory')
  })

  it('answers from KV without touching an object or the database', async () => {
    const { id } = await createProduct()
    const used: string[] = []
    const res = await readProduct(id, '192.0.2.3', {
      ...HOLD,
      COUNTERS: failing('counters', used),
      DB: failing('db', used),
    })
    expect([res.status, res.headers.get('x-cache')]).toEqual([200, 'kv'])
    expect(used).toEqual([])
  })

  it('reads the database when KV fails, instead of answering 500', async () => {
    const { id } = await createProduct()
    const used: string[] = []
    const res = await readProduct(id, '192.0.2.4', { CATALOG_KV: failing('kv', used) })
    expect([res.status, res.headers.get('x-cache')]).toEqual([200, 'db'])
    expect(((await res.json()) as { id: string }).id).toBe(id)
    expect(used).toContain('kv.get')
  })

  it('reads on when the Cache API fails, instead of answering 500', async () => {
    const { id } = await createProduct()
    const match = vi.spyOn(caches.default, 'match').mockRejectedValue(new Error('cache down'))
    const put = vi.spyOn(caches.default, 'put').mockRejectedValue(new Error('cache down'))
    try {
      const res = await readProduct(id, '192.0.2.5')
      expect([res.status, res.headers.get('x-cache')]).toEqual([200, 'kv'])
      expect(match).toHaveBeenCalled()
    } finally {
      match.mockRestore()
      put.mockRestore()
    }
  })

  it('writes views and cache outcomes once per interval, a client counting one view per window', async () => {
    const { id } = await createProduct()
    const keys = [popularityKey(id), cacheReadKey('edge'), cacheReadKey('kv')]
    const before = await counters().getMany(keys)
    // Twenty reads from four clients within the interval: nothing reaches the store.
    for (let i = 0; i < 20; i++) {
      expect((await readProduct(id, `198.51.100.${i % 4}`, HOLD)).status).toBe(200)
    }
    expect(await counters().getMany(keys)).toEqual(before)
    // The first request after the interval writes what was added up, one increment per key.
    expect((await readProduct(id, '198.51.100.0', { COUNT_FLUSH_SECONDS: '0' })).status).toBe(200)
    const after = await counters().getMany(keys)
    const delta = after.map((v, i) => v - (before[i] ?? 0))
    // Four clients, four views; 21 reads: the first from KV, the rest from this location's cache
    // (other test files may read other products meanwhile, hence at least).
    expect(delta[0]).toBe(4)
    expect(delta[1]).toBeGreaterThanOrEqual(20)
    expect(delta[2]).toBeGreaterThanOrEqual(1)
  })

  it('flushes one interval after the first count even when no request follows', async () => {
    const { id } = await createProduct()
    const before = await counters().get(popularityKey(id))
    // The read's execution context ends only after its timed flush (call() waits for it).
    expect((await readProduct(id, '198.51.100.99', { COUNT_FLUSH_SECONDS: '1' })).status).toBe(200)
    expect((await counters().get(popularityKey(id))) - before).toBe(1)
  })
})
