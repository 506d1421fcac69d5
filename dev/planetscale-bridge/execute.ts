/** @module The Execute endpoint: resolve the session, run one statement, shape the response. */
import { performance } from 'node:perf_hooks'
import type { PoolConnection } from 'mysql2/promise'
import { encodeResult, type QueryOutput, unsignedInsertId } from './encode'
import { BridgeHttpError, isServerError, sqlError, vitessError } from './errors'
import { type MysqlBackend, runQuery } from './mysql'
import type { SessionCounters, SessionState, SessionStore } from './sessions'
import { changesSessionState, inTransactionAfter, isRollback } from './statements'
import type { ExecuteResponse, PsSession } from './types'

/** What one bridge instance shares between requests. */
export interface BridgeContext {
  mysql: MysqlBackend
  sessions: SessionStore
  /** The decoded username, reported as the CallerID in error messages. */
  username: string
}

function unavailable(mysql: MysqlBackend, err: unknown): BridgeHttpError {
  const { host, port } = mysql.target
  // ECONNREFUSED from a dual-stack connect can carry an empty message but always has a code.
  const { message, code } = err instanceof Error ? (err as Error & { code?: string }) : {}
  const reason = message || code || String(err)
  return new BridgeHttpError(
    503,
    'unavailable',
    `MySQL at ${host}:${port} is unavailable: ${reason}`,
  )
}

function counters(output: QueryOutput): SessionCounters {
  const result: SessionCounters = {}
  if (output.header) {
    const rows = String(output.header.affectedRows)
    if (rows !== '0') result.rowCount = rows
    const id = unsignedInsertId(output.header.insertId)
    if (id !== '0') result.lastInsertId = id
  } else if (output.rows.length > 0) {
    result.foundRows = String(output.rows.length)
  }
  return result
}

async function runOnSession(
  ctx: BridgeContext,
  state: SessionState,
  sql: string,
  echoedInTransaction: boolean,
): Promise<ExecuteResponse> {
  const { sessions, mysql } = ctx
  const database = mysql.target.database
  const live = state.pinned !== null && state.inTransaction
  if (echoedInTransaction && !live) {
    // The pinned connection expired or broke, and MySQL rolled its transaction back. Running the
    // statement in autocommit would silently split the transaction, so refuse until ROLLBACK.
    if (isRollback(sql)) return { session: sessions.describe(state.uuid, false), result: {} }
    const description = `transaction for session ${state.uuid} no longer exists (session expired or its MySQL connection closed); roll back and retry`
    return {
      session: sessions.describe(state.uuid, true),
      error: vitessError('ABORTED', description, database),
    }
  }
  let conn: PoolConnection
  try {
    conn = state.pinned ?? (await mysql.acquire())
  } catch (err) {
    throw unavailable(mysql, err)
  }
  const started = performance.now()
  try {
    const output = await runQuery(conn, sql)
    const timing = (performance.now() - started) / 1000
    const inTransaction = inTransactionAfter(sql, state.inTransaction, output.header?.serverStatus)
    sessions.settle(state, conn, inTransaction, changesSessionState(sql))
    const session = sessions.describe(state.uuid, inTransaction, counters(output))
    return { session, result: encodeResult(output), timing }
  } catch (err) {
    const timing = (performance.now() - started) / 1000
    if (!isServerError(err)) {
      sessions.discard(state, conn)
      throw unavailable(mysql, err)
    }
    // MySQL keeps a transaction open after a failed statement (only deadlocks roll it back), so
    // the connection stays pinned and the client's ROLLBACK reaches the same transaction.
    if (err.fatal) sessions.discard(state, conn)
    else sessions.settle(state, conn, state.inTransaction, false)
    const error = sqlError(err, { database, username: ctx.username, sql })
    return { session: sessions.describe(state.uuid, state.inTransaction), error, timing }
  }
}

/**
 * Executes one statement for the echoed session (`null` starts a new one). A session whose
 * signature is not ours is refused in-body and replaced, so it can never reach another session's
 * pinned connection. Throws `BridgeHttpError` (503) when MySQL cannot be reached.
 */
export async function executeStatement(
  ctx: BridgeContext,
  sql: string,
  echoed: PsSession | null,
): Promise<ExecuteResponse> {
  const { sessions } = ctx
  if (echoed && !sessions.verify(echoed)) {
    const description = 'session signature is invalid: sessions must be echoed unchanged'
    return {
      session: sessions.describe(sessions.newUuid(), false),
      error: vitessError('PERMISSION_DENIED', description, ctx.mysql.target.database),
    }
  }
  const uuid = echoed ? echoed.vitessSession.SessionUUID : sessions.newUuid()
  const echoedInTransaction = echoed?.vitessSession.inTransaction === true
  return sessions.run(uuid, (state) => runOnSession(ctx, state, sql, echoedInTransaction))
}
