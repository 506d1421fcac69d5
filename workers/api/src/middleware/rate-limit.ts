/** @module Applies the rate-limit policies: 429 with standard headers, fail-open on store errors. */
import type { Context, MiddlewareHandler } from 'hono'
import { AppError } from '#domain/errors'
import type { RateLimitResult } from '#domain/ports/rate-limit'
import { matchedRouteKey } from '../access'
import { RATE_LIMIT_POLICIES, type RateLimitPolicyName, ROUTE_RATE_LIMITS } from '../rate-limits'
import type { AppEnv } from '../types'
import { log } from './logger'

/**
 * The client's IP as Cloudflare's edge reports it. Requests that did not come through the edge
 * (local tools, service bindings) have none and skip the per-IP policies: there is no honest key
 * to count them by, and a shared fallback key would make them throttle each other.
 */
function clientIp(c: Context<AppEnv>): string | undefined {
  return c.req.header('CF-Connecting-IP') || undefined
}

/**
 * Counts one hit of `subject` against `policy`; throws 429 `rate_limited` when over the limit.
 * A failing store lets the request through and logs it: rate limits protect capacity and must
 * not take the shop down with them.
 */
export async function enforceRateLimit(
  c: Context<AppEnv>,
  policy: RateLimitPolicyName,
  subject: string,
): Promise<void> {
  const limiter = c.get('ports').rateLimits[policy]
  let result: RateLimitResult
  try {
    result = await limiter.limit(subject)
  } catch (err) {
    log(c.env, 'warn', 'rate limit store failed; request allowed', {
      requestId: c.get('requestId'),
      policy,
      adapter: limiter.adapter,
      error: err,
    })
    return
  }
  const { limit, windowSeconds } = RATE_LIMIT_POLICIES[policy]
  const resetSeconds =
    result.reset === undefined
      ? windowSeconds
      : Math.max(1, Math.ceil((result.reset - Date.now()) / 1000))
  if (!result.success) {
    setHeaders(c, result.limit ?? limit, 0, resetSeconds)
    c.header('Retry-After', String(resetSeconds))
    throw new AppError('rate_limited', 'Too many requests; retry later', {
      policy,
      retryAfterSeconds: resetSeconds,
    })
  }
  // The binding adapter cannot tell what is left; headers that guessed would mislead clients.
  // When several policies apply, the last (the route's own) describes the response.
  if (result.remaining !== undefined) {
    setHeaders(c, result.limit ?? limit, result.remaining, resetSeconds)
  }
}

function setHeaders(c: Context<AppEnv>, limit: number, remaining: number, resetSeconds: number) {
  c.header('RateLimit-Limit', String(limit))
  c.header('RateLimit-Remaining', String(Math.max(0, remaining)))
  c.header('RateLimit-Reset', String(resetSeconds))
}

/** The overall per-IP ceiling, before authentication so floods of bad tokens count too. */
export const limitGlobal: MiddlewareHandler<AppEnv> = async (c, next) => {
  const ip = clientIp(c)
  if (ip) await enforceRateLimit(c, 'global', ip)
  await next()
}

/** The matched route's policies (ROUTE_RATE_LIMITS), after authentication so `user` is known. */
export const limitRoute: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = matchedRouteKey(c)
  for (const { policy, by } of (key && ROUTE_RATE_LIMITS[key]) || []) {
    const user = c.get('user')
    // Guests count by their shopper id like users do.
    const subject =
      by === 'ip'
        ? clientIp(c)
        : user?.kind === 'user' || user?.kind === 'guest'
          ? user.id
          : undefined
    if (subject) await enforceRateLimit(c, policy, subject)
  }
  await next()
}
