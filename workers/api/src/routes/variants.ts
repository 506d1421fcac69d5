/** @module GET /v1/variants?sku=…: what the cart shows beside each SKU, from the catalog. */
import { createRoute, z } from '@hono/zod-openapi'
import { Sku } from '#domain/catalog/product'
import { errorResponse } from '../catalog/schemas'
import { createRouter } from '../router'

const CartVariant = z
  .object({
    sku: z.string(),
    title: z.string(),
    priceMinor: z.number().int(),
    currency: z.string(),
    productId: z.string(),
    productTitle: z.string(),
  })
  .openapi('CartVariant')

const route = createRoute({
  method: 'get',
  path: '/variants',
  summary: 'Variants of active products by SKU, with their product (the cart’s lines)',
  description:
    'The cart keeps SKUs and quantities only; this names and prices them as the catalog does now. A SKU of no active product is left out.',
  request: {
    query: z.strictObject({
      sku: z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(Sku).min(1).max(50)),
    }),
  },
  responses: {
    200: {
      description: 'The variants found',
      content: { 'application/json': { schema: z.object({ items: z.array(CartVariant) }) } },
    },
    400: errorResponse('No SKU, too many or a malformed one'),
  },
})

export const variants = createRouter().openapi(route, async (c) => {
  const skus = c.req.queries('sku') ?? []
  const found = await c.get('ports').database.catalog.variantsBySku(skus)
  // Prices change with the catalog: a shared cache may keep this as briefly as a product page.
  c.header('Cache-Control', 'no-store')
  const items = found
    .filter((v) => v.productStatus === 'active')
    .map(({ sku, title, priceMinor, currency, productId, productTitle }) => ({
      sku,
      title,
      priceMinor,
      currency,
      productId,
      productTitle,
    }))
  return c.json({ items }, 200)
})
