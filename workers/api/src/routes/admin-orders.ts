/** @module Admin orders: list and search the archive, fulfil a paid order, refund the rest of one. */
import { createRoute, z } from '@hono/zod-openapi'
import { ORDER_STATUSES } from '#domain/orders/order'
import { errorResponse } from '../catalog/schemas'
import { shoppersOf } from '../checkout/objects'
import { OrderIdParam, OrderListSchema, OrderSchema, PageQuery } from '../checkout/schemas'
import { createRouter } from '../router'

const order = (description: string) => ({
  description,
  content: { 'application/json': { schema: OrderSchema } },
})
const changeErrors = {
  404: errorResponse('No such order'),
  409: errorResponse('`invalid_transition`: the order is not in a state that allows this'),
}

const list = createRoute({
  method: 'get',
  path: '/admin/orders',
  summary:
    'Every shopper’s orders from the archive, newest first, by status and email or id search',
  description:
    'Read from the archive, which lags live orders by the queue; GET /v1/ops/metrics shows how far.',
  request: {
    query: PageQuery.extend({
      status: z.enum(ORDER_STATUSES).optional(),
      q: z
        .string()
        .trim()
        .min(1)
        .max(254)
        .optional()
        .describe(
          'Part of an email (the order’s or its account’s), or an order id’s first 6+ hex digits',
        ),
    }),
  },
  responses: {
    200: {
      description: 'A page of archived orders',
      content: { 'application/json': { schema: OrderListSchema } },
    },
    400: errorResponse('Bad parameters'),
  },
})

const fulfil = createRoute({
  method: 'post',
  path: '/admin/orders/{id}/fulfil',
  summary: 'Mark a paid order as shipped',
  request: { params: z.object({ id: OrderIdParam }) },
  responses: { 200: order('The fulfilled order'), ...changeErrors },
})

const refund = createRoute({
  method: 'post',
  path: '/admin/orders/{id}/refund',
  summary:
    'Refund everything not yet refunded of a paid or fulfilled order, which becomes refunded',
  description:
    'The rest of the paid total and every unit not yet refunded, as one refund (see POST /v1/admin/orders/{id}/refunds for parts). Stock is not put back: whether goods return to the shelf is decided with an inventory adjustment.',
  request: { params: z.object({ id: OrderIdParam }) },
  responses: { 200: order('The refunded order'), ...changeErrors },
})

export const adminOrders = createRouter()
  .openapi(list, async (c) => {
    const page = await c.get('ports').database.archive.listOrders(c.req.valid('query'))
    c.header('Cache-Control', 'no-store')
    return c.json(page, 200)
  })
  .openapi(fulfil, async (c) => c.json(await shoppersOf(c).fulfil(c.req.valid('param').id), 200))
  .openapi(refund, async (c) => c.json(await shoppersOf(c).refund(c.req.valid('param').id), 200))
