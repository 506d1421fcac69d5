/** @module /v1/ops/webhooks/deliveries: outbound webhook deliveries with their attempt logs, and replay. */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { AppError } from '#domain/errors'
import { DELIVERY_STATUSES, type WebhookDeliveryMessage } from '#domain/webhooks/delivery'
import { errorResponse } from '../catalog/schemas'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import type { AppEnv } from '../types'
import { DeliveryIdParam, EndpointIdParam, WebhookDeliverySchema } from '../webhooks/schemas'
import { decodeDeliveryCursor, deliveryView, encodeDeliveryCursor } from '../webhooks/views'

const one = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.object({ delivery: WebhookDeliverySchema }) } },
})
const params = z.object({ id: DeliveryIdParam })
const notFound = errorResponse('`not_found`: no such delivery')

const list = createRoute({
  method: 'get',
  path: '/ops/webhooks/deliveries',
  summary: 'Webhook deliveries, newest first, each with its attempt log',
  request: {
    query: z.strictObject({
      endpointId: EndpointIdParam.optional().openapi({
        param: { name: 'endpointId', in: 'query' },
      }),
      status: z.enum(DELIVERY_STATUSES).optional(),
      limit: z.coerce.number().int().min(1).max(50).default(20),
      cursor: z.string().min(1).max(64).optional(),
    }),
  },
  responses: {
    200: {
      description: 'A page of deliveries',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(WebhookDeliverySchema),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    400: errorResponse('Bad parameters'),
  },
})
const read = createRoute({
  method: 'get',
  path: '/ops/webhooks/deliveries/{id}',
  summary: 'One delivery with its attempt log',
  request: { params },
  responses: { 200: one('The delivery'), 400: errorResponse('Malformed id'), 404: notFound },
})
const replay = createRoute({
  method: 'post',
  path: '/ops/webhooks/deliveries/{id}/replay',
  summary:
    'Deliver again: a new round of attempts, same event id and body, new signature timestamp',
  description:
    'Any delivery can be replayed (failed, or delivered and lost by the receiver). Its attempt log continues; the failure limit counts the new round only.',
  request: { params },
  responses: {
    202: one('Queued for delivery'),
    400: errorResponse('Malformed id'),
    404: notFound,
    503: errorResponse('The queue refused the message; the delivery is pending, replay it again'),
  },
})

const store = (c: Context<AppEnv>) => c.get('ports').database.webhooks

async function view(c: Context<AppEnv>, id: string) {
  const delivery = await store(c).getDelivery(id)
  if (!delivery) throw new AppError('not_found', 'No such webhook delivery')
  return deliveryView(delivery, await store(c).listAttempts(id))
}

export const opsWebhooks = createRouter()
  .openapi(list, async (c) => {
    const { endpointId, status, limit, cursor } = c.req.valid('query')
    const before = cursor === undefined ? undefined : decodeDeliveryCursor(cursor)
    if (before === null) throw new AppError('validation_failed', 'malformed cursor')
    const rows = await store(c).listDeliveries({ endpointId, status, limit: limit + 1, before })
    const page = rows.slice(0, limit)
    const items = await Promise.all(
      page.map(async (d) => deliveryView(d, await store(c).listAttempts(d.id))),
    )
    const last = page.at(-1)
    c.header('Cache-Control', 'no-store')
    return c.json(
      { items, nextCursor: rows.length > limit && last ? encodeDeliveryCursor(last) : null },
      200,
    )
  })
  .openapi(read, async (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json({ delivery: await view(c, c.req.valid('param').id) }, 200)
  })
  .openapi(replay, async (c) => {
    const id = c.req.valid('param').id
    const restarted = await store(c).restartDelivery(id, Date.now())
    if (!restarted) throw new AppError('not_found', 'No such webhook delivery')
    try {
      await c.env.WEBHOOK_DELIVERIES.send({ deliveryId: id } satisfies WebhookDeliveryMessage, {
        contentType: 'json',
      })
    } catch (err) {
      log(c.env, 'warn', 'webhook replay not queued', {
        requestId: c.get('requestId'),
        deliveryId: id,
        error: err,
      })
      throw new AppError('upstream_unavailable', 'The delivery queue refused the replay')
    }
    log(c.env, 'info', 'webhook delivery replayed', {
      requestId: c.get('requestId'),
      deliveryId: id,
    })
    return c.json({ delivery: await view(c, id) }, 202)
  })
