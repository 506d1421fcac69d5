/** @module The rate-limit policies in one place: limits, windows, bindings and the routes they guard. */
import type { RateLimitPort } from '#domain/ports/rate-limit'

/** Names of the Workers rate-limit bindings declared in wrangler.toml. */
type RateLimitBinding = { [K in keyof Env]: Env[K] extends RateLimit ? K : never }[keyof Env]

/**
 * `limit` hits per `windowSeconds` for one key. With Upstash the numbers here are the policy;
 * with the Workers binding the binding enforces the `simple` limit and period of its
 * [[ratelimits]] entry in wrangler.toml, which must match (the platform allows 10 or 60 s).
 */
export interface RateLimitPolicy {
  limit: number
  windowSeconds: 10 | 60
  binding: RateLimitBinding
}

/** Every policy. Change a number here and in wrangler.toml's [[ratelimits]] together. */
export const RATE_LIMIT_POLICIES = {
  /** The overall per-IP ceiling on every request. */
  global: { limit: 600, windowSeconds: 60, binding: 'RATE_LIMITER' },
  /** Sign-in and registration attempts per IP. */
  authIp: { limit: 20, windowSeconds: 60, binding: 'RATE_LIMIT_AUTH_IP' },
  /** Searches per IP. */
  search: { limit: 120, windowSeconds: 60, binding: 'RATE_LIMIT_SEARCH' },
} as const satisfies Record<string, RateLimitPolicy>

/** The name of a policy. */
export type RateLimitPolicyName = keyof typeof RATE_LIMIT_POLICIES

/** One limiter per policy, all on the same adapter. */
export type RateLimiters = Record<RateLimitPolicyName, RateLimitPort>

/** What a route's policy counts by: the client's IP, or the signed-in user. */
export interface RouteLimit {
  policy: RateLimitPolicyName
  by: 'ip' | 'user'
}

/**
 * Policies applied to routes, keyed like the access table. `global` applies to every request.
 * Failed sign-ins per account are throttled apart from these (domain/auth/login-throttle.ts):
 * a per-email attempt limit would let anyone lock an account out. Checkouts per shopper are
 * counted by the shopper's own object (CHECKOUT_RATE_LIMIT; durable-objects/shopper/
 * checkout-rate.ts): exact everywhere, where a binding counts per location.
 */
export const ROUTE_RATE_LIMITS: Readonly<Record<string, readonly RouteLimit[]>> = {
  'POST /v1/auth/login': [{ policy: 'authIp', by: 'ip' }],
  'POST /v1/auth/register': [{ policy: 'authIp', by: 'ip' }],
  // Each guest session writes a row: as many a minute per IP as registrations.
  'POST /v1/guest': [{ policy: 'authIp', by: 'ip' }],
  'GET /v1/search': [{ policy: 'search', by: 'ip' }],
}
