/** @module Structured JSON logs: one line per request, and errors with their request id. */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../types'

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 } as const
type Level = Exclude<keyof typeof LEVELS, 'silent'>

/** Writes one JSON log line when `level` is at or above `LOG_LEVEL` (default info). */
export function log(env: { LOG_LEVEL?: string }, level: Level, msg: string, fields: object = {}) {
  const threshold = LEVELS[(env.LOG_LEVEL ?? 'info') as keyof typeof LEVELS] ?? LEVELS.info
  if (LEVELS[level] < threshold) return
  console[level === 'debug' ? 'log' : level](
    JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields }),
  )
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
