/**
 * @module Per-customer purchase limits for drops: PUT /v1/admin/inventory/:sku/purchase-limit
 * sets "at most N per customer" (null removes it), enforced by the SKU's own object when it
 * reserves; GET reads it.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { MAX_PER_CUSTOMER } from '#objects/inventory-item/purchase-limits'
import { errorResponse } from '../catalog/schemas'
import { inventoryOf } from '../checkout/objects'
import { SkuParam } from '../checkout/schemas'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import { knownSku } from './admin-inventory'

const LimitBody = z
  .strictObject({ perCustomer: z.number().int().min(1).max(MAX_PER_CUSTOMER).nullable() })
  .openapi('PurchaseLimit')

const LimitSchema = z.object({
  sku: z.string(),
  perCustomer: z
    .number()
    .int()
    .nullable()
    .describe('Most units one customer may hold and buy; null: no limit'),
})

const answer = (description: string) => ({
  description,
  content: { 'application/json': { schema: LimitSchema } },
})

const read = createRoute({
  method: 'get',
  path: '/admin/inventory/{sku}/purchase-limit',
  summary: 'A SKU’s per-customer purchase limit',
  request: { params: z.object({ sku: SkuParam }) },
  responses: {
    200: answer('The limit'),
    400: errorResponse('Malformed SKU'),
    404: errorResponse('No variant with this SKU in the catalog'),
  },
})

const put = createRoute({
  method: 'put',
  path: '/admin/inventory/{sku}/purchase-limit',
  summary: 'Limit how many units of a SKU one customer may hold and buy (null removes the limit)',
  description:
    'Counted by the SKU’s own object in the transaction that reserves, so no concurrency exceeds it: a customer’s units held by unpaid orders plus units bought while the limit is set. Released or expired reservations give their units back; refunds do not. A limited SKU is never sharded: this answers 409 `conflict` while the SKU has shards, and setting shards answers 409 while it has a limit.',
  request: {
    params: z.object({ sku: SkuParam }),
    body: { content: { 'application/json': { schema: LimitBody } }, required: true },
  },
  responses: {
    200: answer('The limit now in force'),
    400: errorResponse('Invalid body or SKU'),
    404: errorResponse('No variant with this SKU in the catalog'),
    409: errorResponse('`conflict`: the SKU is sharded'),
  },
})

export const adminPurchaseLimits = createRouter()
  .openapi(read, async (c) => {
    const sku = await knownSku(c, c.req.valid('param').sku)
    c.header('Cache-Control', 'no-store')
    return c.json({ sku, perCustomer: await inventoryOf(c).purchaseLimit(sku) }, 200)
  })
  .openapi(put, async (c) => {
    const sku = await knownSku(c, c.req.valid('param').sku)
    const perCustomer = await inventoryOf(c).setPurchaseLimit(sku, c.req.valid('json').perCustomer)
    log(c.env, 'info', 'purchase limit set', { requestId: c.get('requestId'), sku, perCustomer })
    return c.json({ sku, perCustomer }, 200)
  })
