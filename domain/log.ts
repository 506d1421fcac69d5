/**
 * @module The one structured logger of the Workers and the Durable Objects: one JSON line per
 * entry with a level, a message, the request or object id, and errors serialised the same way.
 */

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 } as const

/** A level an entry is written at; `LOG_LEVEL` may also be `silent`. */
export type LogLevel = Exclude<keyof typeof LEVELS, 'silent'>

/** An error as it appears in a log line: its name and message, and an AppError's code and details. */
export interface SerializedError {
  name: string
  message: string
  code?: string
  details?: unknown
  /** Where it was thrown; kept for the error itself, not for its cause. */
  stack?: string
  cause?: SerializedError
}

/** The message of anything thrown: an Error's message, else its string form. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Anything thrown, as plain data; a cause is followed one level, which is where drivers keep the real one. */
export function serializeError(err: unknown, depth = 0): SerializedError {
  if (!(err instanceof Error)) return { name: typeof err, message: String(err) }
  const { code, details } = err as { code?: unknown; details?: unknown }
  return {
    name: err.name,
    message: err.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(details === undefined ? {} : { details }),
    ...(err.stack && depth === 0 ? { stack: err.stack } : {}),
    ...(err.cause !== undefined && depth === 0 ? { cause: serializeError(err.cause, 1) } : {}),
  }
}

/** Writes entries at or above its level, each with the logger's context fields. */
export interface Logger {
  debug(msg: string, fields?: object): void
  info(msg: string, fields?: object): void
  warn(msg: string, fields?: object): void
  error(msg: string, fields?: object): void
  /** A logger that adds `context` (a request id, an object name) to every entry. */
  with(context: object): Logger
}

/**
 * A logger at `level` (a `LOG_LEVEL` value; unknown or absent means info). An `error` field that
 * is not already a string is serialised with serializeError.
 */
export function createLogger(level?: string, context: object = {}): Logger {
  const threshold = LEVELS[level as keyof typeof LEVELS] ?? LEVELS.info
  const write =
    (at: LogLevel) =>
    (msg: string, fields: object = {}) => {
      if (LEVELS[at] < threshold) return
      const entry: Record<string, unknown> = {
        level: at,
        msg,
        time: new Date().toISOString(),
        ...context,
        ...fields,
      }
      if ('error' in entry && typeof entry.error !== 'string')
        entry.error = serializeError(entry.error)
      console[at === 'debug' ? 'log' : at](JSON.stringify(entry))
    }
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    with: (more) => createLogger(level, { ...context, ...more }),
  }
}
