/** @module GET /v1/products and GET /v1/products/:id: the public catalog, served from caches. */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { type CacheReadSource, countCacheRead } from '#domain/counting/cache-reads'
import { countProductView } from '#domain/counting/views'
import { AppError } from '#domain/errors'
import {
  EDGE_TTL_SECONDS,
  loadProduct,
  type ProductCacheDeps,
  readEdge,
  writeEdge,
} from '../catalog/product-cache'
import {
  ErrorSchema,
  errorResponse,
  ProductId,
  ProductListSchema,
  ProductSchema,
} from '../catalog/schemas'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import type { AppEnv } from '../types'

// Browsers revalidate (ETag) every time; shared caches may keep a response EDGE_TTL_SECONDS.
const PRODUCT_CACHE_CONTROL = `public, max-age=0, s-maxage=${EDGE_TTL_SECONDS}, must-revalidate`

const getProduct = createRoute({
  method: 'get',
  path: '/products/{id}',
  summary: 'One active product with its variants',
  request: { params: z.object({ id: ProductId }) },
  responses: {
    200: { description: 'The product', content: { 'application/json': { schema: ProductSchema } } },
    304: { description: 'Unchanged since the ETag in If-None-Match' },
    400: errorResponse('Malformed id'),
    404: errorResponse('No active product with this id'),
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
  }
}

export const products = createRouter()
  .openapi(getProduct, async (c) => {
    const { id } = c.req.valid('param')
    const deps = cacheDeps(c)
    const edge = await readEdge(deps, id)
    if (edge) return answer(c, edge, countRead(c, 'edge'))
    const { product, source } = await loadProduct(deps, id)
    // Counted before the 404 too: a read the caches could not answer is a miss either way.
    countRead(c, source)
    if (product?.status !== 'active') throw new AppError('not_found', 'No such product')
    const response = new Response(JSON.stringify(product), {
      headers: {
        'content-type': 'application/json',
        etag: `"${product.id}-v${product.version}"`,
        'cache-control': PRODUCT_CACHE_CONTROL,
      },
    })
    writeEdge(deps, id, response.clone())
    return answer(c, response, source)
  })
  .openapi(listProducts, async (c) => {
    const query = c.req.valid('query')
    const page = await c.get('ports').database.catalog.list({ ...query, status: 'active' })
    c.header('cache-control', `public, max-age=0, s-maxage=${EDGE_TTL_SECONDS}`)
    return c.json(page, 200)
  })

/**
 * Counts where a read was answered from (the cache hit ratio of GET /v1/ops/metrics), after the
 * response and failing open like a view; returns the source for the X-Cache header.
 */
function countRead(c: Context<AppEnv>, source: CacheReadSource): CacheReadSource {
  const counted = countCacheRead(c.get('ports').counters, source, (e) =>
    log(c.env, 'warn', 'cache read not counted', { source, error: e }),
  )
  c.executionCtx.waitUntil(counted)
  return source
}

// One place turns a cached or fresh response into the answer: 304 on a matching ETag.
function answer(c: Context<AppEnv>, cached: Response, source: string) {
  // Every answered read is a view; counted after the response and failing open (a log line).
  const viewed = countProductView(c.get('ports').counters, c.req.param('id') ?? '', (e) =>
    log(c.env, 'warn', 'product view not counted', { error: e }),
  )
  c.executionCtx.waitUntil(viewed)
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
