/**
 * @module Session checks the shopper's own object makes (issue 13's checkout without a database
 * read, issue 14's revocation from the next request). Checkout's token is not looked up in the
 * users table: the Shopper object refuses a session version below its floor. The routes that end
 * sessions raise that floor before they write the users table (so no revoked token can pass in
 * between) and confirm it after. Should the table write fail, the floor is ahead of the table
 * unconfirmed, and the first checkout refused for it completes the revocation in the table
 * (`completeRevocation`), so a new sign-in gets a version the object accepts.
 */
import type { Context } from 'hono'
import { AppError } from '#domain/errors'
import { CLOSED, type SessionRefusal } from '#objects/shopper/sessions'
import { shoppersOf } from '../checkout/objects'
import type { AppEnv } from '../types'
import { log } from './logger'

/**
 * Routes (access-table keys, open to any user) whose token the Shopper object checks, so the
 * access middleware does not read the users table for them. Each hands the token's session
 * version to the object (`tokenSessionVersion`).
 */
export const SESSION_CHECKED_BY_SHOPPER: ReadonlySet<string> = new Set(['POST /v1/orders'])

/** The session version of the caller's token; 401 when the caller has no token. */
export function tokenSessionVersion(c: Context<AppEnv>): number {
  const sv = c.get('sessionVersion')
  if (sv === undefined) throw new AppError('unauthorized', 'Sign in to call this route')
  return sv
}

/**
 * Ends the shopper's sessions below `floor` in their object: before the users table is written
 * (floor = the version the write will set), and again after it with the version it did set
 * (`written`; a concurrent change may have moved it further).
 */
export function endShopperSessions(
  c: Context<AppEnv>,
  userId: string,
  floor: number,
  written = false,
) {
  return shoppersOf(c).endSessions(userId, floor, written)
}

/** Ends every session of an account being deleted, for good. */
export function closeShopperSessions(c: Context<AppEnv>, userId: string) {
  return shoppersOf(c).endSessions(userId, CLOSED)
}

/**
 * Runs a call to the shopper's object that checks the session. A refusal is 401; a refusal for
 * an unconfirmed floor also completes the revocation in the users table. Nothing here reads the
 * database otherwise.
 */
export async function withShopperSession<T>(
  c: Context<AppEnv>,
  userId: string,
  call: (sessionVersion: number) => Promise<T>,
): Promise<T> {
  const sv = tokenSessionVersion(c)
  try {
    return await call(sv)
  } catch (err) {
    const refusal = refusedAs(err)
    if (refusal === 'unconfirmed') await completeRevocation(c, userId, sv)
    if (refusal) c.header('WWW-Authenticate', 'Bearer')
    throw err
  }
}

function refusedAs(err: unknown): SessionRefusal | undefined {
  if (!(err instanceof AppError) || err.code !== 'unauthorized') return undefined
  const session = (err.details as { session?: unknown } | undefined)?.session
  return session === 'revoked' || session === 'closed' || session === 'unconfirmed'
    ? session
    : undefined
}

/**
 * The floor is at most one above the table's version when it was raised (the caller's verified
 * version plus one), so one more revocation in the table brings it level (the token's own
 * version still current there means the write was lost), then the object is told the table
 * holds it. Best effort: a failure is logged, and the next refused checkout tries again.
 */
async function completeRevocation(c: Context<AppEnv>, userId: string, sv: number) {
  const users = c.get('ports').database.users
  try {
    let stored = await users.findById(userId)
    if (stored && stored.sessionVersion === sv)
      stored = await users.revokeSessions(userId, Date.now())
    if (stored) await endShopperSessions(c, userId, stored.sessionVersion, true)
  } catch (err) {
    log(c.env, 'warn', 'revocation not completed in the users table; retried at the next refusal', {
      requestId: c.get('requestId'),
      userId,
      error: err,
    })
  }
}
