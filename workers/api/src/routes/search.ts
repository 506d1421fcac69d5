/** @module GET /v1/search: the Search port behind typo-tolerant, faceted product search. */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { memoryCacheSeconds } from '#domain/cache/memory-cache'
import { AppError } from '#domain/errors'
import type { SearchQuery, SearchResult } from '#domain/ports/search'
import { errorResponse } from '../catalog/schemas'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import {
  type KeptAnswer,
  keptAnswer,
  readSearchCache,
  readSearchMemory,
  refreshAhead,
  searchKey,
  searchResponse,
  searchTtlSeconds,
  writeSearchCache,
  writeSearchMemory,
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
      headers: z.object({
        'X-Cache': z.enum(['memory', 'edge', 'index']).openapi({
          description:
            "Where the answer came from: this isolate's memory (MEMORY_CACHE_SECONDS, never past SEARCH_CACHE_SECONDS), the location's Cache API (SEARCH_CACHE_SECONDS) or the index",
        }),
      }),
      content: { 'application/json': { schema: SearchResultSchema } },
    },
    400: errorResponse('Bad parameters'),
    503: errorResponse('The search service does not answer (`search_unavailable`)'),
  },
})

/** Where an answer came from (X-Cache): this isolate's memory, the location's Cache API, the index. */
type SearchSource = 'memory' | 'edge' | 'index'

/**
 * This isolate's copy of the answer when it has one (X-Cache: memory), else the location's
 * (X-Cache: edge), else the index's (X-Cache: index), kept SEARCH_CACHE_SECONDS for the same
 * normalised query (and in memory MEMORY_CACHE_SECONDS of that). Either way a first-page query
 * that found products counts towards trending, in memory.
 */
export const search = createRouter().openapi(route, async (c) => {
  const query = c.req.valid('query')
  const warn = (msg: string, fields: object) =>
    log(c.env, 'warn', msg, { requestId: c.get('requestId'), ...fields })
  const ttl = searchTtlSeconds(c.env)
  const memory = memoryCacheSeconds(c.env)
  const key = searchKey(query)
  const mine = ttl > 0 && memory > 0 ? readSearchMemory(key) : undefined
  if (mine) return cachedAnswer(c, query, key, mine, 'memory')
  const cached = ttl > 0 ? await readSearchCache(caches.default, query, warn) : undefined
  if (cached) {
    writeSearchMemory(key, cached, ttl, memory)
    return cachedAnswer(c, query, key, cached, 'edge')
  }
  const result = await runSearch(c, query)
  countTrending(c, query.q, query.page, result.total)
  const fresh = keptAnswer(result)
  if (ttl > 0) {
    writeSearchMemory(key, fresh, ttl, memory)
    c.executionCtx.waitUntil(
      writeSearchCache(caches.default, query, searchResponse(fresh, ttl), warn),
    )
  }
  return answer(fresh, 'index', ttl)
})

/**
 * A kept answer: counted towards trending, and renewed in the background (the Cache API and this
 * isolate's memory) by the first hit here past 70% of its lifetime.
 */
function cachedAnswer(
  c: Context<AppEnv>,
  query: SearchQuery,
  key: string,
  kept: KeptAnswer,
  source: SearchSource,
) {
  const warn = (msg: string, fields: object) =>
    log(c.env, 'warn', msg, { requestId: c.get('requestId'), ...fields })
  const ttl = searchTtlSeconds(c.env)
  countTrending(c, query.q, query.page, kept.total)
  const refreshed = refreshAhead(kept.storedAt, key, ttl, async () => {
    const result = await runSearch(c, query).catch((error) => {
      warn('search cache refresh failed', { error })
      return undefined
    })
    if (!result) return
    const fresh = keptAnswer(result)
    writeSearchMemory(key, fresh, ttl, memoryCacheSeconds(c.env))
    await writeSearchCache(caches.default, query, searchResponse(fresh, ttl), warn)
  })
  if (refreshed) c.executionCtx.waitUntil(refreshed)
  return answer(kept, source, ttl)
}

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

/** The answer with where it came from; the total and its age stay internal to the caches. */
function answer(kept: KeptAnswer, source: SearchSource, ttl: number) {
  return new Response(kept.body, {
    status: 200,
    headers: {
      'content-type': 'application/json',
      'cache-control': `public, max-age=0, s-maxage=${ttl}`,
      'x-cache': source,
    },
  }) as never
}
