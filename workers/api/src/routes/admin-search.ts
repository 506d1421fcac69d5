/** @module Admin search operations: rebuild the index, and see how far it lags the catalog. */
import { createRoute, z } from '@hono/zod-openapi'
import { errorResponse } from '../catalog/schemas'
import { createRouter } from '../router'
import { reindex } from '../search/reindex'

const reindexRoute = createRoute({
  method: 'post',
  path: '/admin/search/reindex',
  summary: 'Rebuild the search index from the database',
  security: [{ bearer: [] }],
  responses: {
    200: {
      description: 'Products indexed',
      content: { 'application/json': { schema: z.object({ indexed: z.number().int() }) } },
    },
    503: errorResponse('The search service or the database does not answer'),
  },
})

const IndexStatus = z
  .object({
    adapter: z.string(),
    index: z.object({ documents: z.number().int(), lastUpdatedAt: z.number().nullable() }),
    catalog: z.object({ active: z.number().int(), lastUpdatedAt: z.number().nullable() }),
    missingDocuments: z.number().int(),
    lagMs: z.number().nullable(),
  })
  .openapi('SearchIndexStatus')

const statusRoute = createRoute({
  method: 'get',
  path: '/admin/search/status',
  summary: 'Index lag: documents missing from the index and how far behind the catalog it is',
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'Index status', content: { 'application/json': { schema: IndexStatus } } },
  },
})

export const adminSearch = createRouter()
  .openapi(reindexRoute, async (c) => c.json(await reindex(c.get('ports')), 200))
  .openapi(statusRoute, async (c) => {
    const { search, database } = c.get('ports')
    const [index, catalog] = await Promise.all([search.stats(), database.catalog.summary()])
    // The catalog changed after the index last did: that gap is how stale search may be.
    const lagMs =
      catalog.lastUpdatedAt === null
        ? null
        : Math.max(0, catalog.lastUpdatedAt - (index.lastUpdatedAt ?? 0))
    return c.json(
      {
        adapter: search.adapter,
        index,
        catalog,
        missingDocuments: Math.max(0, catalog.active - index.documents),
        lagMs,
      },
      200,
    )
  })
