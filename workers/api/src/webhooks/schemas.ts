/** @module OpenAPI schemas of outbound webhooks: endpoints, deliveries and attempts. */
import { z } from '@hono/zod-openapi'
import { DELIVERY_STATUSES } from '#domain/webhooks/delivery'
import { WEBHOOK_EVENT_TYPES } from '#domain/webhooks/events'

export const WebhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    enabled: z.boolean(),
    previousSecretExpiresAt: z
      .number()
      .int()
      .nullable()
      .describe('Until when the secret before the last rotation still signs beside the new one'),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi('WebhookEndpoint')

/** An endpoint with its new secret: the only answers that ever show a secret. */
export const WebhookEndpointWithSecret = z
  .object({
    endpoint: WebhookEndpointSchema,
    secret: z.string().describe('The signing secret, shown this once: store it now'),
  })
  .openapi('WebhookEndpointWithSecret')

export const WebhookAttemptSchema = z
  .object({
    attempt: z.number().int(),
    responseStatus: z.number().int().nullable(),
    durationMs: z.number().int(),
    error: z.string().nullable(),
    startedAt: z.number().int(),
  })
  .openapi('WebhookAttempt')

export const WebhookDeliverySchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    eventId: z.string(),
    eventType: z.enum(WEBHOOK_EVENT_TYPES),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
    deliveredAt: z.number().int().nullable(),
    nextAttemptAt: z
      .number()
      .int()
      .nullable()
      .describe('When a pending delivery is attempted next (null: as soon as its message arrives)'),
    event: z.unknown().describe('The JSON body posted, the same on every attempt and replay'),
    attemptLog: z.array(WebhookAttemptSchema),
  })
  .openapi('WebhookDelivery')

/** A webhook endpoint id in a path. */
export const EndpointIdParam = z
  .string()
  .regex(/^whe_[0-9a-f]{32}$/)
  .openapi({ param: { name: 'id', in: 'path' }, example: 'whe_3f…' })

/** A delivery id in a path. */
export const DeliveryIdParam = z
  .string()
  .regex(/^whd_[0-9a-f]{32}$/)
  .openapi({ param: { name: 'id', in: 'path' }, example: 'whd_9a…' })
