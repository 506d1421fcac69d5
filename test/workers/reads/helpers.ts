/** @module Helpers of the read-path tests: products, bindings that record any use, counters. */
import { env } from 'cloudflare:test'
import { expect } from 'vitest'
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
