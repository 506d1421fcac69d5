/** @module Builds the request's adapters from env, so handlers only ever see ports. */
import type { MiddlewareHandler } from 'hono'
import { createRedis } from '../../../../adapters/upstash/client'
import { UpstashRateLimit } from '../../../../adapters/upstash/rate-limit'
import { WorkersRateLimit } from '../../../../adapters/workers-rate-limit/rate-limit'
import { buildPorts, hasUpstash } from '../../../shared/ports'
import type { ApiPorts, AppEnv } from '../types'

// The overall per-IP ceiling; the Workers binding's own window is configured in wrangler.toml.
const GLOBAL_POLICY = { name: 'global', limit: 600, windowSeconds: 60 }

// env is one object per isolate in production, so adapters are built once per isolate; tests that
// pass their own env get adapters of their own.
const cache = new WeakMap<object, ApiPorts>()

/** Sets `c.var.ports`. */
export const providePorts: MiddlewareHandler<AppEnv> = async (c, next) => {
  let ports = cache.get(c.env)
  if (!ports) {
    const env = c.env
    const rateLimit = hasUpstash(env)
      ? new UpstashRateLimit(
          createRedis({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN }),
          GLOBAL_POLICY,
        )
      : new WorkersRateLimit(env.RATE_LIMITER, GLOBAL_POLICY)
    ports = { ...buildPorts(env), rateLimit }
    cache.set(c.env, ports)
  }
  c.set('ports', ports)
  await next()
}
