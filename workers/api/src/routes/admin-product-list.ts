/** @module GET /v1/admin/products: every product whatever its status (drafts too), for staff. */
import { createRoute, z } from '@hono/zod-openapi'
import { PRODUCT_STATUSES, type Product } from '#domain/catalog/product'
import { errorResponse, ProductListSchema } from '../catalog/schemas'
import { createRouter } from '../router'

/** Pages scanned at most per request when `q` filters, so a rare word cannot scan the catalog. */
const SCAN_PAGES = 10
const SCAN_PAGE = 100

const list = createRoute({
  method: 'get',
  path: '/admin/products',
  summary: 'All products in id order, drafts and archived included, by status and text',
  description:
    '`q` matches title, brand or a SKU (case-insensitive). With `q`, up to 1,000 products are scanned per call; `nextCursor` continues after the last one scanned, so a page may hold fewer than `limit` items and still have a next page.',
  security: [{ bearer: [] }],
  request: {
    query: z.strictObject({
      status: z.enum(PRODUCT_STATUSES).optional(),
      q: z.string().trim().min(1).max(100).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(64).optional(),
    }),
  },
  responses: {
    200: {
      description: 'A page of products',
      content: { 'application/json': { schema: ProductListSchema } },
    },
    400: errorResponse('Bad parameters'),
  },
})

export const adminProductList = createRouter().openapi(list, async (c) => {
  const { status, q, limit, cursor } = c.req.valid('query')
  const catalog = c.get('ports').database.catalog
  if (!q) return c.json(await catalog.list({ status, limit, cursor }), 200)
  const needle = q.toLowerCase()
  const items: Product[] = []
  let after = cursor
  for (let scanned = 0; scanned < SCAN_PAGES && items.length < limit; scanned++) {
    const page = await catalog.list({ status, limit: SCAN_PAGE, cursor: after })
    for (const product of page.items) {
      if (items.length === limit) break
      after = product.id
      if (matches(product, needle)) items.push(product)
    }
    if (!page.nextCursor && items.length < limit) return c.json({ items, nextCursor: null }, 200)
  }
  return c.json({ items, nextCursor: after ?? null }, 200)
})

function matches(product: Product, needle: string): boolean {
  return (
    product.title.toLowerCase().includes(needle) ||
    product.brand.toLowerCase().includes(needle) ||
    product.variants.some((v) => v.sku.toLowerCase().includes(needle))
  )
}
