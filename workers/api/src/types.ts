/** @module The Hono environment of the api Worker: its bindings and per-request variables. */
import type { RequestIdVariables } from 'hono/request-id'
import type { Principal } from '#domain/auth/principal'
import type { RateLimitPort } from '#domain/ports/rate-limit'
import type { Ports } from '#objects/shared/ports'
import type { RateLimiters } from './rate-limits'

/** Ports available to route handlers. */
export interface ApiPorts extends Ports {
  rateLimit: RateLimitPort
  /** One limiter per policy of rate-limits.ts; `rateLimit` is the global one. */
  rateLimits: RateLimiters
}

/** Bindings, secrets and variables every handler of the api sees. */
export interface AppEnv {
  Bindings: Env & {
    DATABASE_URL?: string
    UPSTASH_REDIS_REST_URL?: string
    UPSTASH_REDIS_REST_TOKEN?: string
    MEILISEARCH_HOST?: string
    MEILISEARCH_API_KEY?: string
  }
  /**
   * `user` is the authenticated caller, set by the access middleware (middleware/auth.ts);
   * `sessionVersion` the session version of the caller's token, when they sent one.
   */
  Variables: RequestIdVariables & { ports: ApiPorts; user?: Principal; sessionVersion?: number }
}
