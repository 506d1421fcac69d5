/** @module GET /v1/leaderboards/…: bestsellers and trending searches, ranked from the counters store. */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { Day, leaderboardKey, type Period, utcDay } from '#domain/counting/keys'
import { readLeaderboard } from '#domain/counting/leaderboard'
import { errorResponse } from '../catalog/schemas'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import { readHiddenTerms } from '../search/hidden-terms'
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
  'Most searched terms (queries that found products, folded to at most five plain words, each client once per 10-minute window), all time or on one UTC day; terms staff hid are left out',
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
  hidden: readonly string[] = [],
) {
  const { counters } = c.get('ports')
  // Hidden members are read past, so the board still fills its places after filtering them.
  const read = await readLeaderboard(counters, key, limit + hidden.length, (error) =>
    log(c.env, 'warn', 'leaderboard degraded: counters store failed', {
      requestId: c.get('requestId'),
      key,
      adapter: counters.adapter,
      error,
    }),
  )
  const shown = read.items.filter((item) => !hidden.includes(item.member)).slice(0, limit)
  const board = { ...read, items: shown.map((item, i) => ({ ...item, rank: i + 1 })) }
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
  .openapi(trending, async (c) => {
    const query = c.req.valid('query')
    const hidden = await readHiddenTerms(c.env.CATALOG_KV, (msg, fields) =>
      log(c.env, 'warn', msg, { requestId: c.get('requestId'), ...fields }),
    )
    const key = leaderboardKey('trending', periodOf(query))
    return answerLeaderboard(c, key, query.limit, PUBLIC_CACHE_CONTROL, hidden)
  })
