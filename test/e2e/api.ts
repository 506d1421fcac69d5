/** @module The public and admin API as the browser tests call it from Node, beside the browser. */
import { adminKey, url } from './platform'

/**
 * Calls the API and returns its JSON; a non-2xx answer throws with the body. A 429 is retried
 * after its Retry-After, as any client should: a file's pages and calls all come from one IP, so
 * together they can reach the per-IP ceiling that no single shopper would.
 */
export async function call<T>(
  path: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
  attempt = 1,
): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  if (res.status === 429 && attempt < 6) {
    await res.arrayBuffer()
    const wait = Number(res.headers.get('retry-after') ?? 1)
    await new Promise((r) => setTimeout(r, Math.max(1, wait) * 1_000))
    return call<T>(path, init, attempt + 1)
  }
  if (!res.ok)
    throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as T
}

/** A shopper's session as the pages keep it (`ec.shopper`), registered through the API. */
export async function shopperSession(label = 'shopper', email?: string) {
  return call<{ token: string; user: { email: string } }>('/v1/auth/register', {
    method: 'POST',
    body: {
      email: email ?? `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`,
      password: 'correct horse battery',
    },
  })
}

/** An active product created through the admin API; its SKUs get `stock` units each (0: none). */
export async function adminProduct(title: string, skus: string[], stock = 0, status = 'active') {
  const product = await call<{ id: string; variants: { sku: string; title: string }[] }>(
    '/v1/admin/products',
    {
      method: 'POST',
      token: adminKey,
      body: {
        title,
        brand: 'Acme',
        category: 'e2e',
        status,
        variants: skus.map((sku, i) => ({
          sku,
          priceMinor: 1_990 + i * 100,
          title: `${title} (${i ? 'L' : 'S'})`,
        })),
      },
    },
  )
  for (const sku of skus)
    if (stock > 0)
      await call(`/v1/admin/inventory/${sku}/adjust`, {
        method: 'POST',
        token: adminKey,
        body: { receive: stock, reason: 'e2e' },
      })
  return product
}

/** A SKU no other test uses. */
export const uniqueSku = (label: string) =>
  `${label}-${crypto.randomUUID().slice(0, 8).toUpperCase()}`
