/** @module Bearer authentication (a JWT or the admin API key) and enforcement of the access table. */
import type { Context, MiddlewareHandler } from 'hono'
import { secretsEqual } from '#domain/auth/constant-time'
import type { GuestPrincipal, Principal, UserPrincipal } from '#domain/auth/principal'
import { AppError, UpstreamError } from '#domain/errors'
import { type Access, type AccessTable, decide, matchedRouteKey } from '../access'
import type { AppEnv } from '../types'
import { log } from './logger'
import { SESSION_CHECKED_BY_SHOPPER } from './shopper-session'
import {
  type GuestClaims,
  issueGuestToken,
  issueToken,
  type UserClaims,
  verifyToken,
} from './tokens'

export { issueGuestToken, issueToken }

type Found =
  | { kind: 'api_key' }
  | { kind: 'user'; claims: UserClaims }
  | { kind: 'guest'; claims: GuestClaims }
  | { kind: 'expired' }
  | { kind: 'invalid' }

/**
 * The caller named by the Authorization header: undefined without one, `invalid` when it
 * carries anything but the admin API key or a token this API issued and that is still valid,
 * `expired` for a token of ours past its expiry (the storefront refreshes on that code).
 */
async function authenticate(c: Context<AppEnv>): Promise<Found | undefined> {
  const header = c.req.header('Authorization')
  if (header === undefined) return undefined
  const token = /^Bearer +(\S+)$/i.exec(header)?.[1]
  if (!token) return { kind: 'invalid' }
  if (await secretsEqual(token, c.env.ADMIN_API_KEY)) return { kind: 'api_key' }
  return verifyToken(c.env, token)
}

/**
 * The user a valid token names, as the users table holds them now, so a role change, a sign-out
 * everywhere, a new password or a deleted account counts from the caller's next request:
 * undefined when the account is gone or the token's session version is no longer current. The
 * role is the stored one, not the token's. When the database does not answer, routes open to
 * any shopper go on with the token's own claims (checkout must survive a database outage,
 * invariant 7; a token lives at most JWT_TTL_SECONDS), while role-restricted routes fail closed.
 */
async function currentSession(
  c: Context<AppEnv>,
  claims: UserClaims,
  roleRestricted: boolean,
): Promise<UserPrincipal | undefined> {
  const stored = await readOrFallBack(c, claims.sub, roleRestricted, () =>
    c.get('ports').database.users.findById(claims.sub),
  )
  if (stored === 'unreachable') return { kind: 'user', id: claims.sub, role: claims.role }
  if (!stored || stored.sessionVersion !== claims.sv) return undefined
  return { kind: 'user', id: stored.id, role: stored.role }
}

/**
 * The guest a valid guest token names: undefined once the guest is gone or an account has claimed
 * their orders (the guest session ends then). Falls back to the claims like a user's token.
 */
async function currentGuest(
  c: Context<AppEnv>,
  claims: GuestClaims,
  roleRestricted: boolean,
): Promise<GuestPrincipal | undefined> {
  const stored = await readOrFallBack(c, claims.sub, roleRestricted, () =>
    c.get('ports').database.sessions.findGuest(claims.sub),
  )
  if (stored === 'unreachable') return { kind: 'guest', id: claims.sub, email: claims.email }
  if (!stored || stored.claimedBy !== null) return undefined
  return { kind: 'guest', id: stored.id, email: stored.email }
}

async function readOrFallBack<T>(
  c: Context<AppEnv>,
  subject: string,
  roleRestricted: boolean,
  read: () => Promise<T>,
): Promise<T | 'unreachable'> {
  try {
    return await read()
  } catch (err) {
    if (roleRestricted || !(err instanceof UpstreamError)) throw err
    log(c.env, 'warn', 'session store unreachable; token accepted on its claims', {
      requestId: c.get('requestId'),
      userId: subject,
    })
    return 'unreachable'
  }
}

/**
 * The caller as the route needs them. A user's token on a route whose session the Shopper object
 * checks (checkout: shopper-session.ts) is taken on its claims, without reading the users table;
 * everywhere else the table is read (`currentSession`). The token's session version is kept for
 * the handler either way.
 */
async function principalOf(
  c: Context<AppEnv>,
  found: Found | undefined,
  access: Access,
  key: string,
): Promise<Principal | undefined> {
  const roleRestricted = access !== 'user' && access !== 'shopper'
  const guestRoutes = access === 'shopper'
  switch (found?.kind) {
    case 'api_key':
      return { kind: 'api_key', role: 'admin' }
    case 'user':
      c.set('sessionVersion', found.claims.sv)
      if (!roleRestricted && SESSION_CHECKED_BY_SHOPPER.has(key))
        return { kind: 'user', id: found.claims.sub, role: found.claims.role }
      return currentSession(c, found.claims, roleRestricted)
    case 'guest':
      // Only `shopper` routes admit guests: elsewhere the claims suffice for the 403, with no
      // look-up (so a guest is refused the same way while the database is down).
      return guestRoutes
        ? currentGuest(c, found.claims, roleRestricted)
        : { kind: 'guest', id: found.claims.sub, email: found.claims.email }
    default:
      return undefined
  }
}

/**
 * Looks up the matched route in `table` (the access table) and answers 401 or 403 before the
 * handler runs; on success sets `c.var.user`. A route without an entry fails closed (500, logged).
 * On public routes the token is not read at all, so a stale token kept by a storefront never
 * breaks browsing or signing in again. A signed token whose account is gone or whose session was
 * revoked counts as no token (401 `unauthorized`); an expired one answers 401 `token_expired`.
 */
export function enforceAccess(table: AccessTable): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = matchedRouteKey(c)
    if (key === undefined) return next()
    const access = table[key]
    if (access === undefined) {
      throw new Error(`Route ${key} has no entry in the access table (workers/api/src/access.ts)`)
    }
    // Answers of routes that need a caller are that caller's alone: no cache may keep them,
    // refusals included (set before anything can throw; the error envelope keeps it).
    if (access !== 'anyone') c.header('Cache-Control', 'no-store')
    // Public routes read no token: they act the same for everyone, and skip the users look-up.
    const found = access === 'anyone' ? undefined : await authenticate(c)
    const principal = await principalOf(c, found, access, key)
    const decision = decide(access, principal)
    if (decision === 'unauthenticated') {
      c.header('WWW-Authenticate', 'Bearer')
      if (found?.kind === 'expired')
        throw new AppError('token_expired', 'The access token expired; refresh it or sign in')
      throw new AppError('unauthorized', 'A valid bearer token is required')
    }
    if (decision === 'forbidden')
      throw new AppError('forbidden', 'Your role may not call this route')
    if (principal) c.set('user', principal)
    await next()
    // A handler's own Cache-Control must not make a personal answer cacheable.
    if (access !== 'anyone' && !c.res.headers.get('Cache-Control')?.includes('no-store'))
      c.res.headers.set('Cache-Control', 'no-store')
  }
}

/** The signed-in user of a route the access table marks `user` (or a role); 401 otherwise. */
export function currentUser(c: Context<AppEnv>): UserPrincipal {
  const user = c.get('user')
  if (user?.kind !== 'user') throw new AppError('unauthorized', 'Sign in to call this route')
  return user
}

/**
 * The shopper of a route the access table marks `shopper`: a signed-in user or a guest, whose id
 * names their Shopper object. 401 otherwise.
 */
export function currentShopper(c: Context<AppEnv>): UserPrincipal | GuestPrincipal {
  const caller = c.get('user')
  if (caller?.kind === 'user' || caller?.kind === 'guest') return caller
  throw new AppError('unauthorized', 'Sign in or start a guest session to call this route')
}
