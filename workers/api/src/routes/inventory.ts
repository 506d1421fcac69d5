/** @module GET /v1/inventory/:sku: the exact available quantity, from the SKU's own object. */
import { createRoute, z } from '@hono/zod-openapi'
import { errorResponse } from '../catalog/schemas'
import { inventoryOf } from '../checkout/objects'
import { SkuParam } from '../checkout/schemas'
import { createRouter } from '../router'

const route = createRoute({
  method: 'get',
  path: '/inventory/{sku}',
  summary: 'Units of a SKU available to order now',
  description:
    'Read from the SKU’s inventory object, so it is exact at the moment of reading; product pages show the stock hint instead, which may lag by a moment. A SKU never stocked answers 0.',
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
  },
})

export const inventory = createRouter().openapi(route, async (c) => {
  const { sku } = c.req.valid('param')
  const { available } = await inventoryOf(c).snapshot(sku)
  // Exact now and changing with every sale: no shared cache may keep it.
  c.header('Cache-Control', 'no-store')
  return c.json({ sku, available }, 200)
})
