/** @module GET /v1/leaderboards/…: bestsellers and trending searches, ranked from the counters store. */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { Day, leaderboardKey, type Period, utcDay } from '#domain/counting/keys'
import { readLeaderboard } from '#domain/counting/leaderboard'
import { errorResponse } from '../catalog/schemas'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import type { AppEnv } from '../types'

/** A ranked list; `degraded: true` (with no items) when the counters store did not answer. */
export const LeaderboardSchema = z
  .object({
    items: z.array(z.object({ member: z.string(), score: z.number(), rank: z.number().int() })),
    degraded: z.boolean(),
  })
  .openapi('Leaderboard')

// Rankings move slowly: shared caches may keep a public board for half a minute.
const PUBLIC_CACHE_CONTROL = 'public, max-age=0, s-maxage=30'

/** `limit` of every leaderboard route. */
export const LeaderboardLimit = z.coerce.number().int().min(1).max(100).default(10)

const PeriodQuery = z
  .strictObject({
    period: z.enum(['day', 'all']).default('all'),
    date: Day.optional().openapi({ description: 'UTC day for period=day; today when absent' }),
    limit: LeaderboardLimit,
  })
  .refine((q) => q.period === 'day' || q.date === undefined, {
    message: 'date applies to period=day only',
    path: ['date'],
  })

const boardRoute = <P extends string>(path: P, summary: string) =>
  createRoute({
    method: 'get',
    path,
    summary,
    request: { query: PeriodQuery },
    responses: {
      200: {
        description: 'The ranked list, or an empty degraded one when counters are down',
        content: { 'application/json': { schema: LeaderboardSchema } },
      },
      400: errorResponse('Bad parameters'),
    },
  })

const bestsellers = boardRoute(
  '/leaderboards/bestsellers',
  'Best-selling products (product ids by units sold in paid orders), all time or on one UTC day',
)
const trending = boardRoute(
  '/leaderboards/trending-searches',
  'Most searched queries (case- and space-folded), all time or on one UTC day',
)

/**
 * Answers the top `limit` of `key` with `cacheControl`. Fails open: a counters store that errs
 * or hangs yields 200 `{items: [], degraded: true}` and a log line, since a leaderboard must not
 * break a page.
 */
export async function answerLeaderboard(
  c: Context<AppEnv>,
  key: string,
  limit: number,
  cacheControl = PUBLIC_CACHE_CONTROL,
) {
  const { counters } = c.get('ports')
  const board = await readLeaderboard(counters, key, limit, (error) =>
    log(c.env, 'warn', 'leaderboard degraded: counters store failed', {
      requestId: c.get('requestId'),
      key,
      adapter: counters.adapter,
      error,
    }),
  )
  // A degraded answer must not be kept by anyone, or it would outlive the outage.
  c.header('cache-control', board.degraded ? 'no-store' : cacheControl)
  return c.json(board, 200)
}

function periodOf(q: { period: 'day' | 'all'; date?: string }): Period {
  return q.period === 'all'
    ? { period: 'all' }
    : { period: 'day', day: q.date ?? utcDay(Date.now()) }
}

/** The public leaderboards; `date` picks a UTC day for `period=day` (today when absent). */
export const leaderboards = createRouter()
  .openapi(bestsellers, (c) => {
    const query = c.req.valid('query')
    return answerLeaderboard(c, leaderboardKey('bestsellers', periodOf(query)), query.limit)
  })
  .openapi(trending, (c) => {
    const query = c.req.valid('query')
    return answerLeaderboard(c, leaderboardKey('trending', periodOf(query)), query.limit)
  })
