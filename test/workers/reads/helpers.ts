/** @module Helpers of the read-path tests: products, bindings that record any use, counters. */
import { env } from 'cloudflare:test'
import { expect } from 'vitest'
import { DurableObjectSearch } from '#objects/search-index/adapter'
import { ADMIN_KEY, call } from '#test/workers/accounts'

/**
 * Creates an active product titled `title` and returns its id and SKU. It is then updated once:
 * an update writes KV (a creation does not), so its first read is a KV hit.
 */
export async function createProduct(title = 'Read Path'): Promise<{ id: string; sku: string }> {
  const sku = `RD-${crypto.randomUUID().slice(0, 8).toUpperCase()}`
  const res = await call('/v1/admin/products', {
    method: 'POST',
    token: ADMIN_KEY,
    json: {
      title,
      category: 'shoes',
      brand: 'Acme',
      status: 'active',
      variants: [{ sku, priceMinor: 1_000 }],
    },
  })
  expect(res.status).toBe(201)
  const { id } = (await res.json()) as { id: string }
  const patched = await call(`/v1/admin/products/${id}`, {
    method: 'PATCH',
    token: ADMIN_KEY,
    json: { title },
  })
  expect(patched.status).toBe(200)
  return { id, sku }
}

/**
 * A binding that fails on any use and remembers what was asked of it: an outage of that store,
 * and proof of which stores a request touched.
 */
export function failing(name: string, used: string[]): unknown {
  return new Proxy(
    {},
    {
      get(_, prop) {
        if (prop === 'then') return undefined
        return (..._args: unknown[]) => {
          used.push(`${name}.${String(prop)}`)
          throw new Error(`${name} is down`)
        }
      },
    },
  )
}

/** Reads a product as a client (its IP as Cloudflare reports it). */
export function readProduct(id: string, ip: string, bindings: object = {}) {
  return call(`/v1/products/${id}`, { headers: { 'cf-connecting-ip': ip } }, bindings)
}

export { ADMIN_KEY, call, env }

/** Puts a document titled `title` into the index the search route reads; returns its id. */
export async function indexDocument(title: string): Promise<string> {
  const id = `doc-${crypto.randomUUID().slice(0, 8)}`
  await new DurableObjectSearch(env.SEARCH_INDEX).upsert([
    {
      id,
      version: 1,
      title,
      description: '',
      brand: 'Acme',
      category: 'shoes',
      priceMinor: 1_000,
      inStock: true,
      createdAt: Date.now(),
      popularity: 0,
      skus: [],
    },
  ])
  return id
}

/** Searches as a client. */
export function searchAs(q: string, ip: string, bindings: object = {}) {
  return call(
    `/v1/search?q=${encodeURIComponent(q)}`,
    { headers: { 'cf-connecting-ip': ip } },
    bindings,
  )
}

/** Today's trending board as the public route answers it, limited to members ending in `tag`. */
export async function trendingOf(tag: string, bindings: object = {}) {
  const res = await call('/v1/leaderboards/trending-searches?period=day&limit=100', {}, bindings)
  expect(res.status).toBe(200)
  const body = (await res.json()) as { items: { member: string; score: number }[] }
  return body.items
    .filter((i) => i.member.includes(tag))
    .map(({ member, score }) => ({ member, score }))
}
