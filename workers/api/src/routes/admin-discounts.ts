/**
 * @module Discounts for admins (/v1/admin/discounts): list, create, read with usage, update.
 * A code's definition is also stored in its DiscountCode object, which counts its uses.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { Discount } from '#domain/discounts/discount'
import { AppError } from '#domain/errors'
import { errorResponse } from '../catalog/schemas'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import { discountCodesOf, jsonBody, jsonResponse, settingsOf } from '../settings/objects'
import type { AppEnv } from '../types'

const DiscountSchema = Discount.openapi('Discount')
const DiscountId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, underscore and hyphen, at most 64')
  .openapi({ param: { name: 'id', in: 'path' }, example: 'summer-10' })

const UsageSchema = z
  .object({
    code: z.string(),
    usageLimit: z.number().int().nullable(),
    perCustomerLimit: z.number().int().nullable(),
    reserved: z.number().int().describe('Uses held by unpaid orders'),
    committed: z.number().int().describe('Uses of paid orders'),
    remaining: z.number().int().nullable().describe('Uses still grantable; null without a limit'),
  })
  .openapi('DiscountUsage')

const DetailSchema = z
  .object({ discount: DiscountSchema, usage: UsageSchema.nullable() })
  .openapi('DiscountDetail', { description: '`usage` is null for an automatic promotion' })

const writeErrors = {
  400: errorResponse(
    'Invalid discount, a fixed amount not in the store currency, or a changed code',
  ),
  409: errorResponse('`conflict`: the id or the code is taken'),
}

const list = createRoute({
  method: 'get',
  path: '/admin/discounts',
  summary: 'Every discount code and automatic promotion',
  responses: {
    200: jsonResponse('In creation order', z.object({ items: z.array(DiscountSchema) })),
  },
})
const create = createRoute({
  method: 'post',
  path: '/admin/discounts',
  summary: 'Create a discount code (`code` set) or an automatic promotion (`code` null)',
  request: { body: jsonBody(DiscountSchema) },
  responses: { 201: jsonResponse('Created', DiscountSchema), ...writeErrors },
})
const read = createRoute({
  method: 'get',
  path: '/admin/discounts/{id}',
  summary: 'One discount and, for a code, its uses so far',
  request: { params: z.object({ id: DiscountId }) },
  responses: {
    200: jsonResponse('The discount', DetailSchema),
    400: errorResponse('Bad id'),
    404: errorResponse('No such discount'),
  },
})
const update = createRoute({
  method: 'put',
  path: '/admin/discounts/{id}',
  summary: 'Replace a discount; its code cannot change, and uses already granted stay',
  request: { params: z.object({ id: DiscountId }), body: jsonBody(DiscountSchema) },
  responses: {
    200: jsonResponse('Updated', DiscountSchema),
    404: errorResponse('No such discount'),
    ...writeErrors,
  },
})

/**
 * Stores the discount in the settings first (which refuses a taken id or code), then its code's
 * definition in the code's object. Should the second write fail, the code is refused at checkout
 * (its object has no definition, or the older one) until the admin repeats the PUT, which rewrites
 * both: a code never redeems on terms the settings do not hold, beyond that window.
 */
async function save(c: Context<AppEnv>, input: Discount, mode: 'create' | 'update') {
  if (input.value.kind === 'fixed' && input.value.currency !== c.env.STORE_CURRENCY)
    throw new AppError('validation_failed', 'a fixed discount is in the store currency', [
      { path: 'value.currency', message: `must be ${c.env.STORE_CURRENCY}` },
    ])
  const discount = await settingsOf(c).putDiscount(input, mode)
  if (discount.code !== null) await discountCodesOf(c).define(discount)
  log(c.env, 'info', `discount ${mode}d`, {
    requestId: c.get('requestId'),
    id: discount.id,
    code: discount.code,
  })
  return discount
}

/** Admin-only (see access.ts). */
export const adminDiscounts = createRouter()
  .openapi(list, async (c) => {
    c.header('cache-control', 'private, no-store')
    return c.json({ items: (await settingsOf(c).fresh()).discounts }, 200)
  })
  .openapi(create, async (c) => c.json(await save(c, c.req.valid('json'), 'create'), 201))
  .openapi(read, async (c) => {
    const discount = await settingsOf(c).discount(c.req.valid('param').id)
    if (!discount) throw new AppError('not_found', 'No such discount')
    const usage = discount.code === null ? null : await discountCodesOf(c).usage(discount.code)
    c.header('cache-control', 'private, no-store')
    return c.json({ discount, usage }, 200)
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid('param')
    const input = c.req.valid('json')
    if (input.id !== id)
      throw new AppError('validation_failed', 'the body names another discount', [
        { path: 'id', message: `must be ${id}` },
      ])
    return c.json(await save(c, input, 'update'), 200)
  })
