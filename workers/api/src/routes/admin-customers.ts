/** @module GET /v1/admin/customers/top-spenders: customers ranked by what their paid orders came to. */
import { createRoute, z } from '@hono/zod-openapi'
import { leaderboardKey } from '#domain/counting/keys'
import { errorResponse } from '../catalog/schemas'
import { createRouter } from '../router'
import { answerLeaderboard, LeaderboardLimit, LeaderboardSchema } from './leaderboards'

const route = createRoute({
  method: 'get',
  path: '/admin/customers/top-spenders',
  summary: 'Top customers: user ids by all-time spend in minor units of the store currency',
  description: 'Counted once per paid order, from its total; refunds are not deducted.',
  request: { query: z.strictObject({ limit: LeaderboardLimit }) },
  responses: {
    200: {
      description: 'The ranked list, or an empty degraded one when counters are down',
      content: { 'application/json': { schema: LeaderboardSchema } },
    },
    400: errorResponse('Bad parameters'),
  },
})

/** Admin-only (see access.ts). Who spends what is personal data: no shared cache may keep it. */
export const adminCustomers = createRouter().openapi(route, (c) =>
  answerLeaderboard(
    c,
    leaderboardKey('spend', { period: 'all' }),
    c.req.valid('query').limit,
    'private, no-store',
  ),
)
