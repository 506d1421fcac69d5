/** @module POST /v1/admin/inventory/:sku/adjust: receive stock or correct it, with a reason. */
import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../../../domain/errors'
import { errorResponse } from '../catalog/schemas'
import { inventoryOf } from '../checkout/objects'
import { SkuParam, StockLevelsSchema } from '../checkout/schemas'
import { log } from '../middleware/logger'
import { createRouter } from '../router'

/** A bound on one movement: large enough for any delivery, small enough to catch a typo. */
const MAX_MOVE = 1_000_000
const Reason = z.string().trim().min(1).max(200)

/** Units received, or a signed correction (shrinkage, a recount); each with the operator's reason. */
export const AdjustBody = z
  .union([
    z.strictObject({ receive: z.number().int().min(1).max(MAX_MOVE), reason: Reason }),
    z.strictObject({
      delta: z
        .number()
        .int()
        .min(-MAX_MOVE)
        .max(MAX_MOVE)
        .refine((d) => d !== 0, 'delta must not be 0'),
      reason: Reason,
    }),
  ])
  .openapi('StockAdjustment')

const route = createRoute({
  method: 'post',
  path: '/admin/inventory/{sku}/adjust',
  summary: 'Receive stock (`receive`) or correct it (`delta`), with a reason kept on the ledger',
  request: {
    params: z.object({ sku: SkuParam }),
    body: { content: { 'application/json': { schema: AdjustBody } }, required: true },
  },
  responses: {
    200: {
      description: 'The SKU’s stock after the change',
      content: { 'application/json': { schema: StockLevelsSchema } },
    },
    400: errorResponse('Invalid body or SKU'),
    404: errorResponse('No variant with this SKU in the catalog'),
    409: errorResponse('`insufficient_stock`: the correction would take available below zero'),
  },
})

export const adminInventory = createRouter().openapi(route, async (c) => {
  const { sku: asked } = c.req.valid('param')
  const body = c.req.valid('json')
  // Stock only for SKUs the catalog knows (any status: goods arrive before a launch), under the
  // catalog's spelling, so a typo cannot create a stray inventory object.
  const [variant] = await c.get('ports').database.catalog.variantsBySku([asked])
  if (!variant) throw new AppError('not_found', `No variant with SKU ${asked}`)
  const inventory = inventoryOf(c)
  const levels =
    'receive' in body
      ? await inventory.receive(variant.sku, body.receive, body.reason)
      : await inventory.adjust(variant.sku, body.delta, body.reason)
  log(c.env, 'info', 'stock adjusted', {
    requestId: c.get('requestId'),
    sku: variant.sku,
    ...body,
    available: levels.available,
  })
  return c.json(levels, 200)
})
