/** @module Operator routes: dead letters (list, replay) and the metrics that show lag. */
import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '#domain/errors'
import { decodeDeadLetterCursor, encodeDeadLetterCursor } from '#domain/events/dead-letter'
import { createLogger } from '#domain/log'
import { errorResponse } from '../catalog/schemas'
import { PageQuery } from '../checkout/schemas'
import { log } from '../middleware/logger'
import { measure } from '../ops/metrics'
import { MAX_REPLAY, replayDeadLetters } from '../ops/replay-dead-letters'
import { createRouter } from '../router'

const DeadLetterSchema = z
  .object({
    id: z.string(),
    messageId: z.string(),
    queue: z.string(),
    body: z.unknown(),
    error: z.string(),
    attempts: z.number().int(),
    failedAt: z.number().int(),
  })
  .openapi('DeadLetter')

const listDlq = createRoute({
  method: 'get',
  path: '/ops/dlq',
  summary: 'Dead letters, oldest first',
  request: {
    query: PageQuery.extend({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
  },
  responses: {
    200: {
      description: 'A page of dead letters',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(DeadLetterSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    400: errorResponse('Bad parameters'),
  },
})

const replay = createRoute({
  method: 'post',
  path: '/ops/dlq/replay',
  summary: `Send dead letters back to commerce-events (the given ids, or the oldest ${MAX_REPLAY})`,
  description:
    'A letter leaves the store only after the queue accepted it. Replaying a message that still cannot be processed dead-letters it again.',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            ids: z.array(z.string().min(1).max(64)).min(1).max(MAX_REPLAY).optional(),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'What was sent, what is left, and which ids were not stored',
      content: {
        'application/json': {
          schema: z.object({
            replayed: z.array(z.string()),
            notReplayed: z.array(z.string()),
            notFound: z.array(z.string()),
            notRemoved: z
              .array(z.string())
              .describe('Sent, but still stored (the delete failed): a later replay resends them'),
          }),
        },
      },
    },
    400: errorResponse('Invalid body'),
    503: errorResponse('The queue accepted nothing; every letter is still stored'),
  },
})

const metrics = createRoute({
  method: 'get',
  path: '/ops/metrics',
  summary:
    'Dead letters, archived orders, search index lag, the product cache hit ratio and the outbox backlog, each measured on its own',
  responses: {
    200: {
      description:
        'The figures; one that could not be read is `{error}`, and `notMeasured` says what is not measured and why',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
  },
})

export const ops = createRouter()
  .openapi(listDlq, async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const after = cursor === undefined ? undefined : decodeDeadLetterCursor(cursor)
    if (after === null) throw new AppError('validation_failed', 'malformed cursor')
    const rows = await c.get('ports').database.deadLetters.list(limit + 1, after)
    const items = rows.slice(0, limit)
    const last = items.at(-1)
    c.header('Cache-Control', 'no-store')
    return c.json(
      { items, nextCursor: rows.length > limit && last ? encodeDeadLetterCursor(last) : null },
      200,
    )
  })
  .openapi(replay, async (c) => {
    const { ids } = c.req.valid('json')
    const logger = createLogger(c.env.LOG_LEVEL, { requestId: c.get('requestId') })
    const outcome = await replayDeadLetters(
      c.get('ports').database.deadLetters,
      c.env.EVENTS,
      ids,
      logger,
    )
    log(c.env, 'info', 'dead letters replayed', { requestId: c.get('requestId'), ...outcome })
    return c.json(outcome, 200)
  })
  .openapi(metrics, async (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json(await measure(c.get('ports')), 200)
  })
