/** @module CORS for browser storefronts: origins from the CORS_ORIGINS allow-list, via hono/cors. */
import { cors } from 'hono/cors'

/** Parses CORS_ORIGINS: comma-separated origins, blanks ignored. */
export function allowedOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
}

/**
 * Allows the configured origins only, read per request from env. Tokens travel in the
 * Authorization header, not cookies, so credentials stay off.
 */
export const corsFromConfig = cors({
  origin: (origin, c) => (allowedOrigins(c.env?.CORS_ORIGINS).includes(origin) ? origin : null),
  allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
  exposeHeaders: [
    'X-Request-Id',
    'Retry-After',
    'RateLimit-Limit',
    'RateLimit-Remaining',
    'RateLimit-Reset',
  ],
  maxAge: 600,
})
