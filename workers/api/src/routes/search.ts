/** @module GET /v1/search: the Search port behind typo-tolerant, faceted product search. */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { AppError } from '#domain/errors'
import type { SearchQuery, SearchResult } from '#domain/ports/search'
import { errorResponse } from '../catalog/schemas'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import {
  readSearchCache,
  refreshAhead,
  STORED_HEADER,
  searchResponse,
  searchTtlSeconds,
  TOTAL_HEADER,
  writeSearchCache,
} from '../search/search-cache'
import { countTrending } from '../search/trending'
import type { AppEnv } from '../types'

const SearchResultSchema = z
  .object({
    hits: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        brand: z.string(),
        category: z.string(),
        priceMinor: z.number().int(),
        inStock: z.boolean(),
        highlight: z.string().optional(),
      }),
    ),
    total: z.number().int(),
    page: z.number().int(),
    limit: z.number().int(),
    facets: z.object({
      category: z.record(z.string(), z.number()),
      brand: z.record(z.string(), z.number()),
    }),
  })
  .openapi('SearchResult')

const price = z.coerce.number().int().min(0).max(100_000_000)

const route = createRoute({
  method: 'get',
  path: '/search',
  summary: 'Search active products: typo-tolerant, with filters, facet counts and sorts',
  request: {
    query: z
      .strictObject({
        q: z.string().trim().max(200).default(''),
        category: z.string().max(80).optional(),
        brand: z.string().max(80).optional(),
        minPrice: price.optional(),
        maxPrice: price.optional(),
        inStock: z
          .enum(['true', 'false'])
          .transform((v) => v === 'true')
          .optional(),
        sort: z
          .enum(['relevance', 'price_asc', 'price_desc', 'newest', 'popularity'])
          .default('relevance'),
        page: z.coerce.number().int().min(1).max(1_000).default(1),
        limit: z.coerce.number().int().min(1).max(100).default(20),
      })
      .refine(
        (q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice,
        {
          message: 'minPrice must not exceed maxPrice',
        },
      ),
  },
  responses: {
    200: {
      description: 'Hits, facet counts and total',
      content: { 'application/json': { schema: SearchResultSchema } },
    },
    400: errorResponse('Bad parameters'),
    503: errorResponse('The search service does not answer (`search_unavailable`)'),
  },
})

/**
 * The location's cached answer when it has one (X-Cache: edge), else the index's (X-Cache:
 * index), kept SEARCH_CACHE_SECONDS for the same normalised query. Either way a first-page query
 * that found products counts towards trending, in memory.
 */
export const search = createRouter().openapi(route, async (c) => {
  const query = c.req.valid('query')
  const warn = (msg: string, fields: object) =>
    log(c.env, 'warn', msg, { requestId: c.get('requestId'), ...fields })
  const ttl = searchTtlSeconds(c.env)
  const cached = ttl > 0 ? await readSearchCache(caches.default, query, warn) : undefined
  if (cached) {
    countTrending(c, query.q, query.page, Number(cached.headers.get(TOTAL_HEADER) ?? 0))
    const refreshed = refreshAhead(cached, query, ttl, async () => {
      const result = await runSearch(c, query).catch((error) => {
        warn('search cache refresh failed', { error })
        return undefined
      })
      if (result) await writeSearchCache(caches.default, query, searchResponse(result, ttl), warn)
    })
    if (refreshed) c.executionCtx.waitUntil(refreshed)
    return answer(cached, 'edge', ttl)
  }
  const result = await runSearch(c, query)
  countTrending(c, query.q, query.page, result.total)
  const response = searchResponse(result, ttl)
  if (ttl > 0)
    c.executionCtx.waitUntil(writeSearchCache(caches.default, query, response.clone(), warn))
  return answer(response, 'index', ttl)
})

/** Asks the index; an unreachable search service is 503 `search_unavailable`. */
async function runSearch(c: Context<AppEnv>, query: SearchQuery): Promise<SearchResult> {
  try {
    return await c.get('ports').search.search(query)
  } catch (cause) {
    if (cause instanceof AppError && cause.code !== 'upstream_unavailable') throw cause
    throw new AppError(
      'search_unavailable',
      'Search is unavailable; catalog pages still work',
      undefined,
    )
  }
}

/** The answer with where it came from; the total header stays internal to the cache. */
function answer(response: Response, source: 'edge' | 'index', ttl: number) {
  const headers = new Headers(response.headers)
  headers.delete(TOTAL_HEADER)
  headers.delete(STORED_HEADER)
  headers.set('x-cache', source)
  headers.set('cache-control', `public, max-age=0, s-maxage=${ttl}`)
  return new Response(response.body, { status: 200, headers }) as never
}
