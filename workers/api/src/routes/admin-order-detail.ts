/**
 * @module Admin order detail and partial refunds: GET /v1/admin/orders/:id (the live order from
 * its Shopper object with the object's timeline, or the archive's copy and events after
 * retention) and POST /v1/admin/orders/:id/refunds (by line or amount, once per refund id).
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { AppError } from '#domain/errors'
import { ORDER_EVENT_TYPES } from '#domain/orders/events'
import { ORDER_STATUSES, type Order, OrderRefund } from '#domain/orders/order'
import { RefundRequest } from '#domain/orders/refunds'
import { timelineOfEvents } from '#domain/orders/timeline'
import type { ArchivedOrder } from '#domain/ports/archive-store'
import { shopperOfOrder } from '#objects/shopper/order-ids'
import { errorResponse } from '../catalog/schemas'
import { shoppersOf } from '../checkout/objects'
import { OrderIdParam, OrderSchema } from '../checkout/schemas'
import { createRouter } from '../router'
import { jsonBody, jsonResponse } from '../settings/objects'
import type { AppEnv } from '../types'

const RefundSchema = OrderRefund.openapi('OrderRefund')

const TimelineSchema = z.array(
  z.object({
    version: z.number().int(),
    type: z.enum(ORDER_EVENT_TYPES),
    status: z.enum(ORDER_STATUSES),
    at: z.number().int().describe('Unix ms'),
    detail: z.record(z.string(), z.unknown()).nullable(),
  }),
)

const DetailSchema = z
  .object({
    source: z
      .enum(['live', 'archive'])
      .describe('live: from the shopper’s object; archive: retired'),
    order: OrderSchema.describe(
      'With `refunds` and `refundedMinor`, and `contact`, `shippingAddress`, `billingAddress`, `totals` when checkout stored them',
    ),
    customer: z.object({ userId: z.string(), email: z.string().nullable() }),
    timeline: TimelineSchema,
  })
  .openapi('AdminOrderDetail')

const RefundResultSchema = z
  .object({ refund: RefundSchema, order: OrderSchema })
  .openapi('RefundResult')

const detail = createRoute({
  method: 'get',
  path: '/admin/orders/{id}',
  summary: 'One order with its customer, lines, totals, payment, refunds and timeline',
  description:
    'Live orders come from their shopper’s object, with the timeline it keeps; after the retention window the archive’s copy and events answer.',
  request: { params: z.object({ id: OrderIdParam }) },
  responses: { 200: jsonResponse('The order', DetailSchema), 404: errorResponse('No such order') },
})

const refunds = createRoute({
  method: 'post',
  path: '/admin/orders/{id}/refunds',
  summary: 'Refund lines or an amount of a paid or fulfilled order, once per refund id',
  description:
    'Give `lines` ([{sku, quantity}]), an `amountMinor`, or both (the amount then overrides what the lines come to). A line gives back its paid share per unit; refunds never exceed what was paid, nor a line’s units. The same `refundId` and body again answers the stored refund; another body 422 `idempotency_key_reused`. The order becomes `refunded` once the whole total is back; before that it keeps its status. Each refund emits `order.refunded`. Stock is not put back.',
  request: { params: z.object({ id: OrderIdParam }), body: jsonBody(RefundRequest) },
  responses: {
    201: jsonResponse('The refund and the order after it', RefundResultSchema),
    400: errorResponse('Invalid request, or a SKU not on the order'),
    404: errorResponse('No such order'),
    409: errorResponse('`invalid_transition`: not paid, or already wholly refunded'),
    422: errorResponse(
      '`refund_exceeds_order`: more units or money than can be refunded; `idempotency_key_reused`',
    ),
  },
})

/** SHA-256 (hex) of the request without its id: lines by SKU, amount, reason. */
async function refundRequestHash(r: RefundRequest): Promise<string> {
  const lines = [...(r.lines ?? [])]
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
    .map((l) => [l.sku, l.quantity])
  const normal = JSON.stringify([lines, r.amountMinor ?? null, r.reason ?? null])
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(normal))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** The customer of an order: the checkout's contact email when it has one, else the account's. */
async function customerOf(c: Context<AppEnv>, order: Order | ArchivedOrder) {
  const contact = (order as { contact?: { email?: unknown } }).contact?.email
  if (typeof contact === 'string') return { userId: order.userId, email: contact }
  const user = await c.get('ports').database.users.findById(order.userId)
  return { userId: order.userId, email: user?.email ?? ('email' in order ? order.email : null) }
}

export const adminOrderDetail = createRouter()
  .openapi(detail, async (c) => {
    const { id } = c.req.valid('param')
    c.header('Cache-Control', 'no-store')
    if (!shopperOfOrder(id)) throw new AppError('not_found', 'No such order')
    const live = await shoppersOf(c).detail(id)
    if (live)
      return c.json(
        { source: 'live' as const, ...live, customer: await customerOf(c, live.order) },
        200,
      )
    const archive = c.get('ports').database.archive
    const archived = await archive.getOrder(id)
    if (!archived) throw new AppError('not_found', 'No such order')
    const events = await archive.getOrderEvents(id)
    // The newest archived event carries the whole order (refunds, totals), which the row lacks.
    const order = events.at(-1)?.data ?? archived
    return c.json(
      {
        source: 'archive' as const,
        order,
        customer: await customerOf(c, archived),
        timeline: timelineOfEvents(events),
      },
      200,
    )
  })
  .openapi(refunds, async (c) => {
    const { id } = c.req.valid('param')
    const request = c.req.valid('json')
    const result = await shoppersOf(c).refundPart(id, request, await refundRequestHash(request))
    c.header('Cache-Control', 'no-store')
    return c.json(result, 201)
  })
