/** @module Statement classification used where the MySQL OK packet cannot tell us the session state. */

/** SERVER_STATUS_IN_TRANS: the server reports an open transaction in every OK packet. */
const SERVER_STATUS_IN_TRANS = 1

const LEADING_COMMENTS = /^(?:\s+|\/\*(?!!)[\s\S]*?\*\/|(?:--\s|#)[^\n]*(?:\n|$))*/
const BEGIN = /^(?:BEGIN(?!\s+NOT\s+ATOMIC)\b|START\s+TRANSACTION\b)/i
const END = /^(?:COMMIT|ROLLBACK)\b/i
const ROLLBACK = /^ROLLBACK\b/i
const ROLLBACK_TO = /^ROLLBACK\s+(?:WORK\s+)?TO\b/i
// Statements MySQL documents as causing an implicit commit.
const IMPLICIT_COMMIT =
  /^(?:ALTER|CREATE(?!\s+TEMPORARY)|DROP(?!\s+TEMPORARY)|RENAME|TRUNCATE|LOCK\s+TABLES?|UNLOCK\s+TABLES?)\b/i
// Statements whose effect outlives the statement on this MySQL connection.
const SESSION_STATE = /^(?:SET|USE|LOCK\s+TABLES?|CREATE\s+TEMPORARY)\b|\bGET_LOCK\s*\(/i

function head(sql: string): string {
  return sql.replace(LEADING_COMMENTS, '')
}

/** True for `ROLLBACK` / `ROLLBACK WORK` but not `ROLLBACK TO SAVEPOINT`. */
export function isRollback(sql: string): boolean {
  const text = head(sql)
  return ROLLBACK.test(text) && !ROLLBACK_TO.test(text)
}

/**
 * Whether the connection is inside a transaction after `sql` ran. The OK packet's status bit is
 * authoritative; a result set carries no status through mysql2, so the statement text decides.
 */
export function inTransactionAfter(
  sql: string,
  wasInTransaction: boolean,
  serverStatus?: number,
): boolean {
  if (serverStatus !== undefined) return (serverStatus & SERVER_STATUS_IN_TRANS) !== 0
  const text = head(sql)
  if (BEGIN.test(text)) return true
  if (ROLLBACK_TO.test(text)) return wasInTransaction
  if (END.test(text) || IMPLICIT_COMMIT.test(text)) return false
  return wasInTransaction
}

/**
 * True when the statement leaves state on the connection (variables, locks, temporary tables),
 * so the session keeps that connection instead of handing it to another session via the pool.
 */
export function changesSessionState(sql: string): boolean {
  return SESSION_STATE.test(head(sql))
}
