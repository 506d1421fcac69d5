/** @module Admin catalog API: create, update, archive products, and a batch create for imports. */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { ProductInput, ProductPatch } from '#domain/catalog/product'
import { AppError } from '#domain/errors'
import { errorResponse, ProductId, ProductSchema } from '../catalog/schemas'
import {
  createProduct,
  createProducts,
  updateProduct,
  type WriteDeps,
} from '../catalog/write-product'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import type { AppEnv } from '../types'
import { cacheDeps } from './products'

const json = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
})
const product = (description: string) => ({
  description,
  content: { 'application/json': { schema: ProductSchema } },
})
const writeErrors = {
  400: errorResponse('Invalid product'),
  404: errorResponse('No such product'),
  409: errorResponse(
    'A SKU or the handle belongs to another product (sku_taken, handle_taken), or the product kept changing',
  ),
}

const create = createRoute({
  method: 'post',
  path: '/admin/products',
  summary: 'Create a product with its variants',
  security: [{ bearer: [] }],
  request: { body: json(ProductInput) },
  responses: { 201: product('Created'), ...writeErrors },
})
const update = createRoute({
  method: 'patch',
  path: '/admin/products/{id}',
  summary: 'Change a product; `variants` replaces the whole set',
  security: [{ bearer: [] }],
  request: { params: z.object({ id: ProductId }), body: json(ProductPatch) },
  responses: { 200: product('Updated'), ...writeErrors },
})
const archive = createRoute({
  method: 'delete',
  path: '/admin/products/{id}',
  summary: 'Archive a product: it leaves listings, product pages and search',
  security: [{ bearer: [] }],
  request: { params: z.object({ id: ProductId }) },
  responses: { 200: product('Archived'), ...writeErrors },
})
const BatchResult = z.object({
  results: z.array(
    z.object({
      index: z.number().int(),
      id: z.string().optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
})
const batch = createRoute({
  method: 'post',
  path: '/admin/products/batch',
  summary: 'Create up to 100 products; each succeeds or fails on its own (imports)',
  security: [{ bearer: [] }],
  request: { body: json(z.strictObject({ products: z.array(ProductInput).min(1).max(100) })) },
  responses: {
    200: {
      description: 'One result per product',
      content: { 'application/json': { schema: BatchResult } },
    },
    400: errorResponse('Invalid body'),
  },
})

export function writeDeps(c: Context<AppEnv>): WriteDeps {
  return {
    ...cacheDeps(c),
    events: c.env.EVENTS,
    currency: c.env.STORE_CURRENCY,
    now: Date.now,
    log: (msg, fields) => log(c.env, 'warn', msg, { requestId: c.get('requestId'), ...fields }),
  }
}

export const adminProducts = createRouter()
  .openapi(create, async (c) => c.json(await createProduct(writeDeps(c), c.req.valid('json')), 201))
  .openapi(update, async (c) =>
    c.json(await updateProduct(writeDeps(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(archive, async (c) =>
    c.json(await updateProduct(writeDeps(c), c.req.valid('param').id, { status: 'archived' }), 200),
  )
  .openapi(batch, async (c) => {
    const created = await createProducts(writeDeps(c), c.req.valid('json').products)
    const results = created.map((r, index) =>
      r instanceof AppError
        ? { index, error: { code: r.code, message: r.message } }
        : { index, id: r.id },
    )
    return c.json({ results }, 200)
  })
