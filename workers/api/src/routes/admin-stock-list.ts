/**
 * @module GET /v1/admin/inventory?sku=…: available units of up to 50 SKUs in one request, for the
 * admin product list (one request per page of products instead of one per SKU).
 */
import { createRoute, z } from '@hono/zod-openapi'
import { Sku } from '#domain/catalog/product'
import { errorResponse } from '../catalog/schemas'
import { inventoryOf } from '../checkout/objects'
import { createRouter } from '../router'

const MAX_SKUS = 50

const route = createRoute({
  method: 'get',
  path: '/admin/inventory',
  summary: 'Units available now of each listed SKU (at most 50)',
  description:
    'Read from each SKU’s own object, in parallel. SKUs the catalog does not have are left out, and no object is created for them.',
  request: {
    query: z.strictObject({
      sku: z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(Sku).min(1).max(MAX_SKUS)),
    }),
  },
  responses: {
    200: {
      description: 'The available units of each SKU the catalog has',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(z.object({ sku: z.string(), available: z.number().int() })),
          }),
        },
      },
    },
    400: errorResponse('No SKU, more than 50, or a malformed one'),
  },
})

export const adminStockList = createRouter().openapi(route, async (c) => {
  const { sku } = c.req.valid('query')
  const skus = [...new Set(sku)]
  const known = await c.get('ports').database.catalog.variantsBySku(skus)
  const inventory = inventoryOf(c)
  const items = await Promise.all(
    known.map(async (v) => ({
      sku: v.sku,
      available: (await inventory.snapshot(v.sku)).available,
    })),
  )
  c.header('Cache-Control', 'no-store')
  return c.json({ items }, 200)
})
