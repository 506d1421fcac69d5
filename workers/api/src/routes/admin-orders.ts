/** @module Admin orders: list the archive, fulfil a paid order, refund a paid or fulfilled one. */
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
  summary: 'Every shopper’s orders from the archive, newest first, optionally of one status',
  description:
    'Read from the archive, which lags live orders by the queue; GET /v1/ops/metrics shows how far.',
  request: { query: PageQuery.extend({ status: z.enum(ORDER_STATUSES).optional() }) },
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
  summary: 'Mark a paid or fulfilled order as refunded',
  description:
    'Stock is not put back: whether goods return to the shelf is decided with an inventory adjustment.',
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
