/** @module Builds the request's adapters from env, so handlers only ever see ports. */
import type { MiddlewareHandler } from 'hono'
import { createRedis } from '#adapters/upstash/client'
import { UpstashRateLimit } from '#adapters/upstash/rate-limit'
import { WorkersRateLimit } from '#adapters/workers-rate-limit/rate-limit'
import { buildPorts, hasUpstash } from '#objects/shared/ports'
import { RATE_LIMIT_POLICIES, type RateLimiters } from '../rate-limits'
import type { ApiPorts, AppEnv } from '../types'

// env is one object per isolate in production, so adapters are built once per isolate; tests that
// pass their own env get adapters of their own.
const cache = new WeakMap<object, ApiPorts>()

/** Sets `c.var.ports`. */
export const providePorts: MiddlewareHandler<AppEnv> = async (c, next) => {
  let ports = cache.get(c.env)
  if (!ports) {
    const rateLimits = buildRateLimiters(c.env)
    // /v1/health pings the global limiter; every policy shares its store.
    ports = { ...buildPorts(c.env), rateLimit: rateLimits.global, rateLimits }
    cache.set(c.env, ports)
  }
  c.set('ports', ports)
  await next()
}

/** One limiter per policy: all on Upstash when it is configured, else each on its own binding. */
function buildRateLimiters(env: AppEnv['Bindings']): RateLimiters {
  const redis = hasUpstash(env)
    ? createRedis({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN })
    : undefined
  const entries = Object.entries(RATE_LIMIT_POLICIES).map(([name, policy]) => [
    name,
    redis
      ? new UpstashRateLimit(redis, { name, ...policy })
      : new WorkersRateLimit(env[policy.binding], policy),
  ])
  return Object.fromEntries(entries) as RateLimiters
}
