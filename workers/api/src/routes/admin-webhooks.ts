/** @module /v1/admin/webhooks: merchants register, change, rotate and remove outbound webhook endpoints. */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { AppError } from '#domain/errors'
import {
  checkEndpointUrl,
  generateWebhookSecret,
  NewWebhookEndpoint,
  PREVIOUS_SECRET_TTL_MS,
  toPublicEndpoint,
  type WebhookEndpoint,
  WebhookEndpointPatch,
} from '#domain/webhooks/endpoint'
import { errorResponse } from '../catalog/schemas'
import { createRouter } from '../router'
import type { AppEnv } from '../types'
import {
  EndpointIdParam,
  WebhookEndpointSchema,
  WebhookEndpointWithSecret,
} from '../webhooks/schemas'

const json = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
})
const one = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.object({ endpoint: WebhookEndpointSchema }) } },
})
const withSecret = (description: string) => ({
  description,
  content: { 'application/json': { schema: WebhookEndpointWithSecret } },
})
const params = z.object({ id: EndpointIdParam })
const notFound = errorResponse('`not_found`: no such endpoint')

const list = createRoute({
  method: 'get',
  path: '/admin/webhooks',
  summary: 'Webhook endpoints, oldest first (without their secrets)',
  responses: {
    200: {
      description: 'Every endpoint',
      content: {
        'application/json': { schema: z.object({ items: z.array(WebhookEndpointSchema) }) },
      },
    },
  },
})
const create = createRoute({
  method: 'post',
  path: '/admin/webhooks',
  summary: 'Register an endpoint; the answer shows its signing secret, this once',
  description:
    'The URL must be https (plain http only to loopback, outside production). Deliveries are signed like the payment webhook: `X-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`.',
  request: { body: json(NewWebhookEndpoint) },
  responses: { 201: withSecret('Registered'), 400: errorResponse('Invalid body or URL') },
})
const read = createRoute({
  method: 'get',
  path: '/admin/webhooks/{id}',
  summary: 'One endpoint (without its secret)',
  request: { params },
  responses: { 200: one('The endpoint'), 400: errorResponse('Malformed id'), 404: notFound },
})
const update = createRoute({
  method: 'patch',
  path: '/admin/webhooks/{id}',
  summary: 'Change the URL, description, event types or whether it is enabled',
  request: { params, body: json(WebhookEndpointPatch) },
  responses: { 200: one('Changed'), 400: errorResponse('Invalid body or URL'), 404: notFound },
})
const remove = createRoute({
  method: 'delete',
  path: '/admin/webhooks/{id}',
  summary: 'Remove an endpoint; its deliveries stay listed, and pending ones fail',
  request: { params },
  responses: { 204: { description: 'Removed' }, 400: errorResponse('Malformed id'), 404: notFound },
})
const rotate = createRoute({
  method: 'post',
  path: '/admin/webhooks/{id}/rotate-secret',
  summary: 'Replace the signing secret; the old one keeps signing beside it for 24 hours',
  description:
    'During the overlap every delivery carries two `v1` signatures, one per secret, so receivers can switch without losing a delivery.',
  request: { params },
  responses: { 200: withSecret('Rotated'), 400: errorResponse('Malformed id'), 404: notFound },
})

const store = (c: Context<AppEnv>) => c.get('ports').database.webhooks
const missing = () => new AppError('not_found', 'No such webhook endpoint')

export const adminWebhooks = createRouter()
  .openapi(list, async (c) => {
    const items = await store(c).listEndpoints()
    c.header('Cache-Control', 'no-store')
    return c.json({ items: items.map(toPublicEndpoint) }, 200)
  })
  .openapi(create, async (c) => {
    const input = c.req.valid('json')
    const now = Date.now()
    const endpoint: WebhookEndpoint = {
      id: `whe_${crypto.randomUUID().replace(/-/g, '')}`,
      url: checkEndpointUrl(input.url, c.env.ENVIRONMENT),
      description: input.description,
      eventTypes: input.eventTypes,
      enabled: input.enabled,
      secret: generateWebhookSecret(),
      previousSecret: null,
      previousSecretExpiresAt: null,
      createdAt: now,
      updatedAt: now,
    }
    await store(c).createEndpoint(endpoint)
    c.header('Cache-Control', 'no-store')
    return c.json({ endpoint: toPublicEndpoint(endpoint), secret: endpoint.secret }, 201)
  })
  .openapi(read, async (c) => {
    const endpoint = await store(c).getEndpoint(c.req.valid('param').id)
    if (!endpoint) throw missing()
    c.header('Cache-Control', 'no-store')
    return c.json({ endpoint: toPublicEndpoint(endpoint) }, 200)
  })
  .openapi(update, async (c) => {
    const patch = c.req.valid('json')
    const url = patch.url === undefined ? undefined : checkEndpointUrl(patch.url, c.env.ENVIRONMENT)
    const endpoint = await store(c).updateEndpoint(c.req.valid('param').id, {
      ...patch,
      ...(url === undefined ? {} : { url }),
      updatedAt: Date.now(),
    })
    if (!endpoint) throw missing()
    return c.json({ endpoint: toPublicEndpoint(endpoint) }, 200)
  })
  .openapi(remove, async (c) => {
    if (!(await store(c).deleteEndpoint(c.req.valid('param').id))) throw missing()
    return c.body(null, 204)
  })
  .openapi(rotate, async (c) => {
    const id = c.req.valid('param').id
    const current = await store(c).getEndpoint(id)
    if (!current) throw missing()
    const now = Date.now()
    const secret = generateWebhookSecret()
    const endpoint = await store(c).updateEndpoint(id, {
      secret,
      previousSecret: current.secret,
      previousSecretExpiresAt: now + PREVIOUS_SECRET_TTL_MS,
      updatedAt: now,
    })
    if (!endpoint) throw missing()
    c.header('Cache-Control', 'no-store')
    return c.json({ endpoint: toPublicEndpoint(endpoint), secret }, 200)
  })
