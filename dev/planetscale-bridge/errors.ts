/** @module Error shapes: in-body Vitess-style SQL errors and HTTP-level bridge errors. */
import type { PsError } from './types'

/** Vitess tabletserver `convertErrorCode`: MySQL errno → vtrpc code. Anything else is UNKNOWN. */
const CODE_BY_ERRNO: Readonly<Record<number, string>> = {
  1062: 'ALREADY_EXISTS',
  1050: 'ALREADY_EXISTS',
  1146: 'NOT_FOUND',
  1054: 'NOT_FOUND',
  1109: 'NOT_FOUND',
  1122: 'NOT_FOUND',
  1176: 'NOT_FOUND',
  1064: 'INVALID_ARGUMENT',
  1149: 'INVALID_ARGUMENT',
  1048: 'INVALID_ARGUMENT',
  1049: 'INVALID_ARGUMENT',
  1051: 'INVALID_ARGUMENT',
  1136: 'INVALID_ARGUMENT',
  1366: 'INVALID_ARGUMENT',
  1406: 'INVALID_ARGUMENT',
  1264: 'INVALID_ARGUMENT',
  1046: 'FAILED_PRECONDITION',
  1169: 'FAILED_PRECONDITION',
  1451: 'FAILED_PRECONDITION',
  1452: 'FAILED_PRECONDITION',
  1216: 'FAILED_PRECONDITION',
  1217: 'FAILED_PRECONDITION',
  1230: 'FAILED_PRECONDITION',
  1213: 'ABORTED',
  1205: 'DEADLINE_EXCEEDED',
  1044: 'PERMISSION_DENIED',
  1045: 'PERMISSION_DENIED',
  1040: 'RESOURCE_EXHAUSTED',
  1203: 'RESOURCE_EXHAUSTED',
  1153: 'RESOURCE_EXHAUSTED',
  2006: 'UNAVAILABLE',
  2013: 'DEADLINE_EXCEEDED',
}

/** The fields of a mysql2 error that the MySQL server itself reported. */
export interface MysqlServerError {
  errno: number
  sqlState: string
  sqlMessage: string
  fatal?: boolean
}

/** Where a statement ran, for the `target:` and `CallerID` parts of the wrapped message. */
export interface ErrorContext {
  database: string
  username: string
  sql: string
}

/** An error the bridge answers with a non-2xx status and `{"error":{code,message}}`. */
export class BridgeHttpError extends Error {
  /** @param status HTTP status; @param code lower-case Connect code, e.g. `unauthenticated`. */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'BridgeHttpError'
  }

  /** The body shape the client turns into `DatabaseError(message, status, body)`. */
  toBody(): { error: PsError } {
    return { error: { code: this.code, message: this.message } }
  }
}

/**
 * True when the MySQL server sent the error (errno and SQLSTATE present). Network failures
 * (ECONNREFUSED, connection lost) carry a negative or missing errno and no SQLSTATE.
 */
export function isServerError(err: unknown): err is MysqlServerError {
  if (typeof err !== 'object' || err === null) return false
  const { errno, sqlState } = err as Partial<MysqlServerError>
  return typeof errno === 'number' && errno > 0 && typeof sqlState === 'string'
}

/** The vtrpc code for a MySQL errno, per Vitess. */
export function codeForErrno(errno: number): string {
  return CODE_BY_ERRNO[errno] ?? 'UNKNOWN'
}

/** gRPC CamelCase name of a vtrpc code (`ALREADY_EXISTS` → `AlreadyExists`), used in messages. */
export function grpcName(code: string): string {
  return code
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')
}

/** Wraps a description the way vtgate reports tablet errors. */
export function vitessError(code: string, description: string, database: string): PsError {
  const message = `target: ${database}.-.primary: vttablet: rpc error: code = ${grpcName(code)} desc = ${description}`
  return { code, message }
}

/**
 * Formats a MySQL error exactly like real PlanetScale, so tools that parse
 * `vttablet: … (errno N) (sqlstate S)` (e.g. Prisma's adapter) recover the MySQL code.
 */
export function sqlError(err: MysqlServerError, context: ErrorContext): PsError {
  const code = codeForErrno(err.errno)
  // Go's %q and JSON string quoting agree for the characters SQL text contains.
  const description =
    `${err.sqlMessage} (errno ${err.errno}) (sqlstate ${err.sqlState}) ` +
    `(CallerID: ${context.username}): Sql: ${JSON.stringify(context.sql)}, BindVars: {}`
  return vitessError(code, description, context.database)
}
