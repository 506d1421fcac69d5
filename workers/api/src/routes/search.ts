/** @module GET /v1/search: the Search port behind typo-tolerant, faceted product search. */
import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '#domain/errors'
import { errorResponse } from '../catalog/schemas'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import { bumpTrending } from '../search/trending'

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

export const search = createRouter().openapi(route, async (c) => {
  const query = c.req.valid('query')
  const { search: index, counters } = c.get('ports')
  let result: Awaited<ReturnType<typeof index.search>>
  try {
    result = await index.search(query)
  } catch (cause) {
    if (cause instanceof AppError && cause.code !== 'upstream_unavailable') throw cause
    throw new AppError(
      'search_unavailable',
      'Search is unavailable; catalog pages still work',
      undefined,
    )
  }
  if (query.q && query.page === 1) {
    const warn = (msg: string, fields: object) =>
      log(c.env, 'warn', msg, { requestId: c.get('requestId'), ...fields })
    c.executionCtx.waitUntil(bumpTrending(counters, query.q, warn))
  }
  c.header('cache-control', 'public, max-age=0, s-maxage=10')
  return c.json(result, 200)
})
