/** @module GET /v1/products and GET /v1/products/:id: the public catalog, served from caches. */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { memoryCacheSeconds } from '#domain/cache/memory-cache'
import type { Product } from '#domain/catalog/product'
import { CACHE_READ_SOURCES, type CacheReadSource, cacheReadOp } from '#domain/counting/cache-reads'
import { productViewOp } from '#domain/counting/views'
import { AppError } from '#domain/errors'
import {
  EDGE_TTL_SECONDS,
  loadProduct,
  type ProductCacheDeps,
  readEdge,
  readMemory,
  resolveHandle,
  writeEdge,
  writeMemory,
} from '../catalog/product-cache'
import {
  ErrorSchema,
  errorResponse,
  HandleParam,
  ProductId,
  ProductListSchema,
  ProductSchema,
} from '../catalog/schemas'
import { count, countOncePerClient } from '../counting/counts'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import type { AppEnv } from '../types'

// Browsers revalidate (ETag) every time; shared caches may keep a response EDGE_TTL_SECONDS.
const PRODUCT_CACHE_CONTROL = `public, max-age=0, s-maxage=${EDGE_TTL_SECONDS}, must-revalidate`

/** The X-Cache header of a product answer: where it came from (README, Caches). */
const ProductXCache = z.object({
  'X-Cache': z.enum(CACHE_READ_SOURCES).openapi({
    description:
      "Where the answer came from: this isolate's memory (MEMORY_CACHE_SECONDS), the location's Cache API, KV or the database",
  }),
})

const getProduct = createRoute({
  method: 'get',
  path: '/products/{id}',
  summary: 'One active product with its variants',
  request: { params: z.object({ id: ProductId }) },
  responses: {
    200: {
      description: 'The product',
      headers: ProductXCache,
      content: { 'application/json': { schema: ProductSchema } },
    },
    304: { description: 'Unchanged since the ETag in If-None-Match' },
    400: errorResponse('Malformed id'),
    404: errorResponse('No active product with this id'),
  },
})

const getProductByHandle = createRoute({
  method: 'get',
  path: '/products/by-handle/{handle}',
  summary: 'One active product by its handle (the name in its page URL, /products/<handle>)',
  request: { params: z.object({ handle: HandleParam }) },
  responses: {
    200: {
      description: 'The product',
      headers: ProductXCache,
      content: { 'application/json': { schema: ProductSchema } },
    },
    304: { description: 'Unchanged since the ETag in If-None-Match' },
    400: errorResponse('Malformed handle'),
    404: errorResponse('No active product has this handle'),
  },
})

const listProducts = createRoute({
  method: 'get',
  path: '/products',
  summary: 'Active products in id order, by category and brand, with cursor paging',
  request: {
    query: z.strictObject({
      category: z.string().max(80).optional(),
      brand: z.string().max(80).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(64).optional(),
    }),
  },
  responses: {
    200: {
      description: 'A page of products',
      content: { 'application/json': { schema: ProductListSchema } },
    },
    400: {
      description: 'Bad parameters',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
})

/** The cache dependencies of a request. */
export function cacheDeps(c: Context<AppEnv>): ProductCacheDeps {
  return {
    kv: c.env.CATALOG_KV,
    cache: caches.default,
    catalog: c.get('ports').database.catalog,
    waitUntil: (work) => c.executionCtx.waitUntil(work),
    warn: (msg, fields) => log(c.env, 'warn', msg, { requestId: c.get('requestId'), ...fields }),
  }
}

/**
 * The active product `id` as a response: this isolate's memory, else this location's Cache API,
 * else KV, else the database (`known`, when the caller has just read it there); the memory keeps
 * what the other layers answered for MEMORY_CACHE_SECONDS. `handle`, when given, must be the
 * product's own: a handle map that lags a rename does not answer the renamed product under its
 * old name.
 */
export async function productResponse(
  c: Context<AppEnv>,
  id: string,
  opts: { known?: Product; handle?: string } = {},
): Promise<{ response: Response; source: CacheReadSource; product?: Product }> {
  const deps = cacheDeps(c)
  const memory = memoryCacheSeconds(c.env)
  if (!opts.known) {
    const mine = memory > 0 ? readMemory(id) : undefined
    if (mine) return { response: mine, source: countRead(c, 'memory') }
    const edge = await readEdge(deps, id)
    if (edge) {
      if (memory <= 0) return { response: edge, source: countRead(c, 'edge') }
      const body = await edge.text()
      writeMemory(id, body, edge.headers, memory)
      return {
        response: new Response(body, { headers: edge.headers }),
        source: countRead(c, 'edge'),
      }
    }
  }
  const { product, source } = opts.known
    ? { product: opts.known, source: 'db' as const }
    : await loadProduct(deps, id)
  // Counted before the 404 too: a read the caches could not answer is a miss either way.
  countRead(c, source)
  if (product?.status !== 'active') throw new AppError('not_found', 'No such product')
  if (opts.handle !== undefined && product.handle !== opts.handle)
    throw new AppError('not_found', 'No product has this handle')
  const body = JSON.stringify(product)
  const response = new Response(body, {
    headers: {
      'content-type': 'application/json',
      etag: `"${product.id}-v${product.version}"`,
      'cache-control': PRODUCT_CACHE_CONTROL,
    },
  })
  writeEdge(deps, id, response.clone())
  writeMemory(id, body, response.headers, memory)
  return { response, source, product }
}

export const products = createRouter()
  .openapi(getProduct, async (c) => {
    const { response, source } = await productResponse(c, c.req.valid('param').id)
    return answer(c, response, source)
  })
  .openapi(getProductByHandle, async (c) => {
    const { handle } = c.req.valid('param')
    const found = await resolveHandle(cacheDeps(c), handle)
    if (!found) throw new AppError('not_found', 'No product has this handle')
    const { response, source } = await productResponse(c, found.id, {
      known: found.product,
      handle,
    })
    // A cached copy is the id's; its handle is checked here since the map may lag a rename.
    if (source === 'memory' || source === 'edge') {
      const cached = (await response.clone().json()) as Product
      if (cached.handle !== handle) throw new AppError('not_found', 'No product has this handle')
    }
    return answer(c, response, source, found.id)
  })
  .openapi(listProducts, async (c) => {
    const query = c.req.valid('query')
    const page = await c.get('ports').database.catalog.list({ ...query, status: 'active' })
    c.header('cache-control', `public, max-age=0, s-maxage=${EDGE_TTL_SECONDS}`)
    return c.json(page, 200)
  })

/**
 * Counts where a read was answered from (the cache hit ratio of GET /v1/ops/metrics) in the
 * isolate's tally: no store is touched until the next flush. Returns the source for X-Cache.
 */
function countRead(c: Context<AppEnv>, source: CacheReadSource): CacheReadSource {
  count(c, cacheReadOp(source))
  return source
}

// One place turns a cached or fresh response into the answer: 304 on a matching ETag.
function answer(c: Context<AppEnv>, cached: Response, source: string, productId?: string) {
  // An answered read is a view, once per client per window (a refresh loop is one view).
  const id = productId ?? c.req.param('id') ?? ''
  countOncePerClient(c, `view:${id}`, productViewOp(id))
  const etag = cached.headers.get('etag')
  const headers = new Headers(cached.headers)
  headers.set('x-cache', source)
  if (
    etag &&
    c.req
      .header('if-none-match')
      ?.split(/\s*,\s*/)
      .includes(etag)
  ) {
    headers.delete('content-type')
    return new Response(null, { status: 304, headers }) as never
  }
  return new Response(cached.body, { status: 200, headers }) as never
}
