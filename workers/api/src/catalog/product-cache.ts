/**
 * @module Cache-aside for product documents: the isolate's memory (MEMORY_CACHE_SECONDS) → Cache
 * API (this location, EDGE_TTL) → KV (`product:<id>`, every location, eventually) → database.
 * Writes overwrite KV, purge the Cache API entry here and forget the writing isolate's copy;
 * other isolates and locations catch up within the budgets in the README.
 */
import { MemoryCache } from '#domain/cache/memory-cache'
import type { Product } from '#domain/catalog/product'
import type { CacheReadSource } from '#domain/counting/cache-reads'
import type { CatalogStore } from '#domain/ports/catalog-store'

/** Seconds a location's Cache API keeps a product response. */
export const EDGE_TTL_SECONDS = 30
/** Seconds a location keeps a KV read before asking KV's central store again (KV's minimum). */
const KV_CACHE_TTL_SECONDS = 60

/**
 * Lifetime of a KV entry filled by a read. KV has no compare-and-set, so a fill that read the
 * database just before a write could land after it; the expiry bounds how long that can last.
 */
const KV_FILL_TTL_SECONDS = 300

/** Products an isolate keeps in memory at most: a crawl over the catalog cannot grow it further. */
const MEMORY_ENTRIES = 1_000

/** A product response as an isolate keeps it: the body and the headers that go with it. */
export interface KeptProduct {
  body: string
  etag: string | null
  cacheControl: string | null
}

// Module state: one per isolate, gone with it.
const kept = new MemoryCache<KeptProduct>(MEMORY_ENTRIES)

/** Where a read was answered from; sent as `X-Cache` and counted (GET /v1/ops/metrics). */
type CacheSource = CacheReadSource

/** The bindings the cache needs; injected so tests run it on workerd's real ones. */
export interface ProductCacheDeps {
  kv: KVNamespace
  cache: Cache
  catalog: CatalogStore
  waitUntil: (work: Promise<unknown>) => void
  /** Where a failing cache layer is reported; the read then goes on to the next layer. */
  warn: (msg: string, fields: object) => void
}

const kvKey = (id: string) => `product:${id}`
/** KV's map from a handle to its product id (`handle:<handle>`), written with every product. */
const handleKey = (handle: string) => `handle:${handle}`
/** The Cache API key of a product; one per product, whatever the request's query string. */
const edgeKey = (id: string) =>
  new Request(`https://product-cache.internal/v1/products/${encodeURIComponent(id)}`)

/**
 * Reads a cached response at this location, if any. A failing Cache API is a miss: caches fail
 * open (invariant 7), the read goes on to KV and the database.
 */
export async function readEdge(deps: ProductCacheDeps, id: string): Promise<Response | undefined> {
  try {
    return await deps.cache.match(edgeKey(id))
  } catch (error) {
    deps.warn('product cache read failed; reading on', { layer: 'edge', error })
    return undefined
  }
}

/** Stores a response at this location (after the caller has answered); a failure is logged. */
export function writeEdge(deps: ProductCacheDeps, id: string, response: Response) {
  deps.waitUntil(
    Promise.resolve()
      .then(() => deps.cache.put(edgeKey(id), response))
      .catch((error) => deps.warn('product cache fill failed', { layer: 'edge', error })),
  )
}

/**
 * This isolate's copy of a product response, if it is younger than its MEMORY_CACHE_SECONDS: no
 * Cache API, KV or database read at all.
 */
export function readMemory(id: string): Response | undefined {
  const found = kept.get(id, Date.now())
  if (!found) return undefined
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (found.etag) headers.etag = found.etag
  if (found.cacheControl) headers['cache-control'] = found.cacheControl
  return new Response(found.body, { headers })
}

/** Keeps a product response's body and headers in this isolate for `seconds` (0: not at all). */
export function writeMemory(id: string, body: string, headers: Headers, seconds: number) {
  if (seconds <= 0) return
  const now = Date.now()
  const copy = { body, etag: headers.get('etag'), cacheControl: headers.get('cache-control') }
  kept.set(id, copy, now + seconds * 1000, now)
}

/** KV's copy of a product; a failing KV is a miss (read from the database instead). */
async function readKv(deps: ProductCacheDeps, id: string): Promise<Product | null> {
  try {
    const doc = await deps.kv.get<Product>(kvKey(id), {
      type: 'json',
      cacheTtl: KV_CACHE_TTL_SECONDS,
    })
    return doc && normalise(doc)
  } catch (error) {
    deps.warn('product cache read failed; reading on', { layer: 'kv', error })
    return null
  }
}

/** KV, then the database; a database read fills KV after the response. Null when unknown. */
export async function loadProduct(
  deps: ProductCacheDeps,
  id: string,
): Promise<{ product: Product | null; source: CacheSource }> {
  const cached = await readKv(deps, id)
  if (cached) return { product: cached, source: 'kv' }
  const product = await deps.catalog.get(id)
  if (product) {
    deps.waitUntil(
      Promise.resolve()
        .then(() =>
          deps.kv.put(kvKey(id), JSON.stringify(product), { expirationTtl: KV_FILL_TTL_SECONDS }),
        )
        .catch((error) => deps.warn('product cache fill failed', { layer: 'kv', error })),
    )
  }
  return { product, source: 'db' }
}

/**
 * A KV document written before products had handles and images (it named the handle `slug`):
 * read as the current shape, so an old entry cannot break a page until a write replaces it.
 */
function normalise(doc: Product & { slug?: string }): Product {
  const { slug, ...product } = doc
  return { ...product, handle: product.handle ?? slug ?? product.id, images: product.images ?? [] }
}

/**
 * The id of the product with this handle: KV's `handle:` map, else the database (which then fills
 * the map after the response). The product comes along when the database was read. Null when no
 * product has the handle. The map may lag a handle change by KV's propagation (README budgets):
 * callers compare the product's own handle with the one asked for.
 */
export async function resolveHandle(
  deps: ProductCacheDeps,
  handle: string,
): Promise<{ id: string; product?: Product } | null> {
  try {
    const id = await deps.kv.get(handleKey(handle), { cacheTtl: KV_CACHE_TTL_SECONDS })
    if (id) return { id }
  } catch (error) {
    deps.warn('handle map read failed; reading on', { layer: 'kv', error })
  }
  const product = await deps.catalog.getByHandle(handle)
  if (!product) return null
  deps.waitUntil(
    Promise.resolve()
      .then(() =>
        deps.kv.put(handleKey(handle), product.id, { expirationTtl: KV_FILL_TTL_SECONDS }),
      )
      .catch((error) => deps.warn('handle map fill failed', { layer: 'kv', error })),
  )
  return { id: product.id, product }
}

/**
 * After a write: KV gets the new version and the handle's map entry (the previous handle's goes
 * when it changed), this location's Cache API entry goes, and so does this isolate's copy (last,
 * so a read that starts after the write returns cannot find the old version here).
 */
export async function refreshProduct(
  deps: ProductCacheDeps,
  product: Product,
  previous?: Product,
): Promise<void> {
  try {
    await Promise.all([
      deps.kv.put(kvKey(product.id), JSON.stringify(product)),
      deps.kv.put(handleKey(product.handle), product.id),
      previous && previous.handle !== product.handle
        ? deps.kv.delete(handleKey(previous.handle))
        : undefined,
      deps.cache.delete(edgeKey(product.id)),
    ])
  } finally {
    kept.delete(product.id)
  }
}
