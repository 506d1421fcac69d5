/**
 * @module Stock administration: receive or correct a SKU's stock with a reason
 * (POST /v1/admin/inventory/:sku/adjust), see where it lies (GET /v1/admin/inventory/:sku), and
 * split a hot SKU over shard objects (PUT /v1/admin/inventory/:sku/shards).
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { AppError } from '#domain/errors'
import { MAX_SHARDS } from '#objects/inventory-item/sharding'
import { errorResponse } from '../catalog/schemas'
import { inventoryOf } from '../checkout/objects'
import { SkuParam, StockLevelsSchema } from '../checkout/schemas'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import type { AppEnv } from '../types'

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

const ShardsBody = z
  .strictObject({ shards: z.number().int().min(0).max(MAX_SHARDS) })
  .openapi('StockSharding')

const ShardingSchema = z.object({
  shards: z.number().int().describe('Shard objects that sell the SKU; 0 when it is not sharded'),
  span: z.number().int().describe('The most shards it ever had (retired ones may hold units)'),
})

const ObjectLevelsSchema = StockLevelsSchema.extend({
  name: z.string().describe('The object: the SKU itself (its pool) or `<sku>#<n>`'),
  inTransit: z.number().int().describe('Units this object sent that have not arrived yet'),
})

const DistributionSchema = z
  .object({
    sku: z.string(),
    sharding: ShardingSchema,
    total: StockLevelsSchema.extend({ inTransit: z.number().int() }),
    objects: z.array(ObjectLevelsSchema),
  })
  .openapi('StockDistribution')

const distributionRoute = createRoute({
  method: 'get',
  path: '/admin/inventory/{sku}',
  summary: 'A SKU’s stock in total and object by object (its pool and any shards)',
  request: { params: z.object({ sku: SkuParam }) },
  responses: {
    200: {
      description: 'Totals and per-object levels, exact at the moment each object was read',
      content: { 'application/json': { schema: DistributionSchema } },
    },
    400: errorResponse('Malformed SKU'),
    404: errorResponse('No variant with this SKU in the catalog'),
  },
})

const shardsRoute = createRoute({
  method: 'put',
  path: '/admin/inventory/{sku}/shards',
  summary: 'Split a hot SKU’s stock over shard objects (0 gathers it back into one)',
  description:
    'Shards sell a SKU in parallel and pull slices of its pool when short; a checkout tries its home shard, then the others, then the pool, so it is refused only when no object can hold the units. Lowering the count returns the retired shards’ unreserved units to the pool.',
  request: {
    params: z.object({ sku: SkuParam }),
    body: { content: { 'application/json': { schema: ShardsBody } }, required: true },
  },
  responses: {
    200: {
      description: 'The new split',
      content: {
        'application/json': { schema: ShardingSchema.extend({ sku: z.string() }) },
      },
    },
    400: errorResponse('Invalid body or SKU'),
    404: errorResponse('No variant with this SKU in the catalog'),
  },
})

/**
 * The catalog's spelling of a SKU: stock exists only for SKUs the catalog knows (any status:
 * goods arrive before a launch), so a typo cannot create a stray inventory object.
 */
export async function knownSku(c: Context<AppEnv>, asked: string): Promise<string> {
  const [variant] = await c.get('ports').database.catalog.variantsBySku([asked])
  if (!variant) throw new AppError('not_found', `No variant with SKU ${asked}`)
  return variant.sku
}

export const adminInventory = createRouter()
  .openapi(distributionRoute, async (c) => {
    const sku = await knownSku(c, c.req.valid('param').sku)
    c.header('Cache-Control', 'no-store')
    return c.json(await inventoryOf(c).distribution(sku), 200)
  })
  .openapi(shardsRoute, async (c) => {
    const sku = await knownSku(c, c.req.valid('param').sku)
    const { shards } = c.req.valid('json')
    const sharding = await inventoryOf(c).configureShards(sku, shards)
    log(c.env, 'info', 'stock sharding changed', {
      requestId: c.get('requestId'),
      sku,
      ...sharding,
    })
    return c.json({ sku, ...sharding }, 200)
  })
  .openapi(route, async (c) => {
    const body = c.req.valid('json')
    const sku = await knownSku(c, c.req.valid('param').sku)
    const inventory = inventoryOf(c)
    const levels =
      'receive' in body
        ? await inventory.receive(sku, body.receive, body.reason)
        : await inventory.adjust(sku, body.delta, body.reason)
    log(c.env, 'info', 'stock adjusted', {
      requestId: c.get('requestId'),
      sku,
      ...body,
      available: levels.available,
    })
    return c.json(levels, 200)
  })
