/** @module GET /v1/health: which adapter serves each port, and whether it answers. */
import { createRoute, z } from '@hono/zod-openapi'
import { errorMessage } from '#domain/log'
import type { Pingable, PortHealth } from '#domain/ports/health'
import { createRouter } from '../router'

// A port that has not answered by then counts as down: health must answer even when one hangs.
const PING_TIMEOUT_MS = 2_000

const PortHealthSchema = z.object({
  port: z.string(),
  adapter: z.string(),
  ok: z.boolean(),
  latencyMs: z.number(),
  error: z.string().optional(),
})
const HealthSchema = z
  .object({
    status: z.enum(['ok', 'failing']),
    failing: z.array(z.string()),
    ports: z.array(PortHealthSchema),
  })
  .openapi('Health')

const route = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Adapters serving each port and whether they answer',
  responses: {
    200: {
      description: 'Every port answers',
      content: { 'application/json': { schema: HealthSchema } },
    },
    503: {
      description: 'Some ports do not answer; `failing` names them',
      content: { 'application/json': { schema: HealthSchema } },
    },
  },
})

export const health = createRouter().openapi(route, async (c) => {
  const { database, search, counters, rateLimit } = c.get('ports')
  const checks = await Promise.all([
    check('database', database),
    check('search', search),
    check('counters', counters),
    check('rateLimit', rateLimit),
  ])
  const failing = checks.filter((p) => !p.ok).map((p) => p.port)
  const body = {
    status: failing.length ? ('failing' as const) : ('ok' as const),
    failing,
    ports: checks,
  }
  c.header('Cache-Control', 'no-store')
  return failing.length ? c.json(body, 503) : c.json(body, 200)
})

async function check(port: string, adapter: Pingable): Promise<PortHealth> {
  const started = performance.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)),
      PING_TIMEOUT_MS,
    )
  })
  try {
    await Promise.race([adapter.ping(), timeout])
    return {
      port,
      adapter: adapter.adapter,
      ok: true,
      latencyMs: Math.round(performance.now() - started),
    }
  } catch (err) {
    const error = errorMessage(err)
    return {
      port,
      adapter: adapter.adapter,
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      error,
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer)
  }
}
