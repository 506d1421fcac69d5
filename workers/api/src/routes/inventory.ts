/** @module GET /v1/inventory/:sku: the exact available quantity, from the SKU's own object. */
import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '#domain/errors'
import { errorResponse } from '../catalog/schemas'
import { pricesWithFallback } from '../catalog/sku-prices'
import { inventoryOf } from '../checkout/objects'
import { SkuParam } from '../checkout/schemas'
import { log } from '../middleware/logger'
import { createRouter } from '../router'

const route = createRoute({
  method: 'get',
  path: '/inventory/{sku}',
  summary: 'Units of a SKU available to order now',
  description:
    'Read from the SKU’s inventory object, so it is exact at the moment of reading; product pages show the stock hint instead, which may lag by a moment. SKUs ignore case. A catalog SKU never stocked answers 0; a SKU the catalog does not know answers 404 (and creates nothing).',
  request: { params: z.object({ sku: SkuParam }) },
  responses: {
    200: {
      description: 'The available quantity',
      content: {
        'application/json': {
          schema: z.object({ sku: z.string(), available: z.number().int() }),
        },
      },
    },
    400: errorResponse('Malformed SKU'),
    404: errorResponse('`not_found`: no variant with this SKU in the catalog'),
  },
})

export const inventory = createRouter().openapi(route, async (c) => {
  const { sku } = c.req.valid('param')
  // The catalog first: reading an object creates it, and a SKU nobody sells must not get one
  // (with the database down, the KV price list that checkout falls back to answers instead).
  const warn = (msg: string, fields: Record<string, unknown>) =>
    log(c.env, 'warn', msg, { requestId: c.get('requestId'), ...fields })
  const catalog = pricesWithFallback(c.get('ports').database.catalog, c.env.CATALOG_KV, warn)
  const [variant] = await catalog.variantsBySku([sku])
  if (!variant) throw new AppError('not_found', `No variant with SKU ${sku}`)
  const { available } = await inventoryOf(c).snapshot(variant.sku)
  // Exact now and changing with every sale: no shared cache may keep it.
  c.header('Cache-Control', 'no-store')
  return c.json({ sku, available }, 200)
})
