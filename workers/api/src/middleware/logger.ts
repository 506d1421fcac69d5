/** @module Structured JSON logs: one line per request, and errors with their request id. */
import type { MiddlewareHandler } from 'hono'
import { createLogger, type LogLevel } from '#domain/log'
import type { AppEnv } from '../types'

/**
 * Writes one JSON log line through the shared logger (domain/log.ts) when `level` is at or above
 * `LOG_LEVEL` (default info); an `error` field is serialised.
 */
export function log(
  env: { LOG_LEVEL?: string },
  level: LogLevel,
  msg: string,
  fields: object = {},
) {
  createLogger(env.LOG_LEVEL)[level](msg, fields)
}

/** Logs method, path, status and duration of every request. */
export const requestLogger: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = Date.now()
  await next()
  log(c.env, c.res.status >= 500 ? 'error' : 'info', 'request', {
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    durationMs: Date.now() - started,
  })
}
