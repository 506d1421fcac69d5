/**
 * @module Admin customers: GET /v1/admin/customers (accounts with their paid orders' count and
 * spend, from the archive, searchable by email), GET /v1/admin/customers/:id (one with their
 * orders), and GET /v1/admin/customers/top-spenders (the spend leaderboard).
 */
import { createRoute, z } from '@hono/zod-openapi'
import { leaderboardKey } from '#domain/counting/keys'
import { AppError } from '#domain/errors'
import { errorResponse } from '../catalog/schemas'
import { OrderListSchema, PageQuery } from '../checkout/schemas'
import { createRouter } from '../router'
import { jsonResponse } from '../settings/objects'
import { answerLeaderboard, LeaderboardLimit, LeaderboardSchema } from './leaderboards'

const topSpenders = createRoute({
  method: 'get',
  path: '/admin/customers/top-spenders',
  summary: 'Top customers: user ids by all-time spend in minor units of the store currency',
  description:
    'Counted once per paid order, from its total; each refund is taken off once, by its amount.',
  request: { query: z.strictObject({ limit: LeaderboardLimit }) },
  responses: {
    200: {
      description: 'The ranked list, or an empty degraded one when counters are down',
      content: { 'application/json': { schema: LeaderboardSchema } },
    },
    400: errorResponse('Bad parameters'),
  },
})

const CustomerSchema = z
  .object({
    userId: z.string(),
    email: z.string(),
    createdAt: z.number().int(),
    orders: z.number().int().describe('Paid orders (paid, fulfilled, refunded)'),
    spentMinor: z.number().int().describe('Their totals less their refunds'),
    refundedMinor: z.number().int(),
    lastOrderAt: z.number().int().nullable(),
  })
  .openapi('CustomerSummary')

const list = createRoute({
  method: 'get',
  path: '/admin/customers',
  summary: 'Customer accounts, newest first, with paid orders and spend from the archive',
  description: 'The archive lags live orders by the queue (GET /v1/ops/metrics shows how far).',
  request: {
    query: PageQuery.extend({
      q: z.string().trim().min(1).max(254).optional().describe('Part of the email'),
    }),
  },
  responses: {
    200: jsonResponse(
      'A page of customers',
      z.object({ items: z.array(CustomerSchema), nextCursor: z.string().nullable() }),
    ),
    400: errorResponse('Bad parameters'),
  },
})

const UserIdParam = z
  .string()
  .min(1)
  .max(36)
  .openapi({ param: { name: 'id', in: 'path' }, example: '0b9f…' })

const detail = createRoute({
  method: 'get',
  path: '/admin/customers/{id}',
  summary: 'One customer with a page of their archived orders, newest first',
  request: { params: z.object({ id: UserIdParam }), query: PageQuery },
  responses: {
    200: jsonResponse(
      'The customer and their orders',
      z.object({ customer: CustomerSchema, orders: OrderListSchema }),
    ),
    400: errorResponse('Bad parameters'),
    404: errorResponse('No such customer'),
  },
})

/** Admin-only (see access.ts). Who spends what is personal data: no shared cache may keep it. */
export const adminCustomers = createRouter()
  .openapi(topSpenders, (c) =>
    answerLeaderboard(
      c,
      leaderboardKey('spend', { period: 'all' }),
      c.req.valid('query').limit,
      'private, no-store',
    ),
  )
  .openapi(list, async (c) => {
    const page = await c.get('ports').database.archive.listCustomers(c.req.valid('query'))
    c.header('Cache-Control', 'private, no-store')
    return c.json(page, 200)
  })
  .openapi(detail, async (c) => {
    const { id } = c.req.valid('param')
    const { limit, cursor } = c.req.valid('query')
    const archive = c.get('ports').database.archive
    const customer = await archive.getCustomer(id)
    if (!customer) throw new AppError('not_found', 'No such customer')
    const orders = await archive.listOrdersByUser(id, limit, cursor)
    c.header('Cache-Control', 'private, no-store')
    return c.json({ customer, orders }, 200)
  })
