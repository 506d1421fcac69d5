/** @module The Hono environment of the api Worker: its bindings and per-request variables. */
import type { RequestIdVariables } from 'hono/request-id'
import type { RateLimitPort } from '../../../domain/ports/rate-limit'
import type { Ports } from '../../shared/ports'

/** Ports available to route handlers. */
export interface ApiPorts extends Ports {
  rateLimit: RateLimitPort
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
  Variables: RequestIdVariables & { ports: ApiPorts }
}
