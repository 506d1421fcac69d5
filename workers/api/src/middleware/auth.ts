/** @module Bearer authentication (a JWT or the admin API key) and enforcement of the access table. */
import { z } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { sign, verify } from 'hono/jwt'
import { secretsEqual } from '#domain/auth/constant-time'
import type { Principal, UserPrincipal } from '#domain/auth/principal'
import { ROLES, type Role } from '#domain/auth/user'
import { AppError, UpstreamError } from '#domain/errors'
import type { UserStore } from '#domain/ports/user-store'
import { type Access, type AccessTable, decide, matchedRouteKey } from '../access'
import type { AppEnv } from '../types'
import { log } from './logger'
import { SESSION_CHECKED_BY_SHOPPER } from './shopper-session'

const DEFAULT_TTL_SECONDS = 900
// Bounds on JWT_TTL_SECONDS: a typo must not mint tokens that live for days.
const MIN_TTL_SECONDS = 60
const MAX_TTL_SECONDS = 3_600

// hono/jwt checks exp only when the claim is present; these claims are required, not optional.
const Claims = z.object({
  sub: z.string().min(1),
  role: z.enum(ROLES),
  // The user's session version when the token was issued (UserRecord.sessionVersion).
  sv: z.number().int().nonnegative(),
  iat: z.number(),
  exp: z.number(),
})

type Bindings = AppEnv['Bindings']

/** Token lifetime in seconds from JWT_TTL_SECONDS, within 1 to 60 minutes (default 15). */
function tokenTtlSeconds(env: Pick<Bindings, 'JWT_TTL_SECONDS'>): number {
  const ttl = Number(env.JWT_TTL_SECONDS)
  if (!Number.isInteger(ttl) || ttl <= 0) return DEFAULT_TTL_SECONDS
  return Math.min(MAX_TTL_SECONDS, Math.max(MIN_TTL_SECONDS, ttl))
}

/** Signs an HS256 access token for `user` with iss, aud, sub, role, sv, iat and exp. */
export function issueToken(
  env: Bindings,
  user: { id: string; role: Role; sessionVersion: number },
  now = Date.now(),
): Promise<string> {
  const iat = Math.floor(now / 1000)
  return sign(
    {
      iss: env.JWT_ISSUER,
      aud: env.JWT_AUDIENCE,
      sub: user.id,
      role: user.role,
      sv: user.sessionVersion,
      iat,
      exp: iat + tokenTtlSeconds(env),
    },
    env.JWT_SECRET,
    'HS256',
  )
}

/** A token's claims once its signature, algorithm, issuer, audience and expiry are checked. */
type TokenClaims = z.infer<typeof Claims>

/**
 * The caller named by the Authorization header: undefined without one, `invalid` when it
 * carries anything but the admin API key or a token this API issued and that is still valid.
 */
async function authenticate(
  c: Context<AppEnv>,
): Promise<Principal | TokenClaims | 'invalid' | undefined> {
  const header = c.req.header('Authorization')
  if (header === undefined) return undefined
  const token = /^Bearer +(\S+)$/i.exec(header)?.[1]
  if (!token) return 'invalid'
  if (await secretsEqual(token, c.env.ADMIN_API_KEY)) return { kind: 'api_key', role: 'admin' }
  try {
    // The algorithm is pinned: `alg: none` and any other algorithm fail before the signature.
    const payload = await verify(token, c.env.JWT_SECRET, {
      alg: 'HS256',
      iss: c.env.JWT_ISSUER,
      aud: c.env.JWT_AUDIENCE,
    })
    return Claims.parse(payload)
  } catch {
    return 'invalid'
  }
}

/**
 * The user a valid token names, as the users table holds them now, so a role change, a sign-out
 * everywhere, a new password or a deleted account counts from the caller's next request:
 * undefined when the account is gone or the token's session version is no longer current. The
 * role is the stored one, not the token's. When the database does not answer, routes open to
 * any user go on with the token's own claims (checkout must survive a database outage,
 * invariant 7; a token lives at most JWT_TTL_SECONDS), while role-restricted routes fail closed.
 */
async function currentSession(
  c: Context<AppEnv>,
  claims: TokenClaims,
  roleRestricted: boolean,
): Promise<UserPrincipal | undefined> {
  let stored: Awaited<ReturnType<UserStore['findById']>>
  try {
    stored = await c.get('ports').database.users.findById(claims.sub)
  } catch (err) {
    if (roleRestricted || !(err instanceof UpstreamError)) throw err
    log(c.env, 'warn', 'users table unreachable; token accepted on its claims', {
      requestId: c.get('requestId'),
      userId: claims.sub,
    })
    return { kind: 'user', id: claims.sub, role: claims.role }
  }
  if (!stored || stored.sessionVersion !== claims.sv) return undefined
  return { kind: 'user', id: stored.id, role: stored.role }
}

/**
 * The user of a valid token. On the routes whose session the Shopper object checks (checkout:
 * shopper-session.ts) the users table is not read; everywhere else it is (`currentSession`).
 * The token's session version is kept for the handler either way.
 */
function sessionOf(c: Context<AppEnv>, claims: TokenClaims, access: Access, key: string) {
  c.set('sessionVersion', claims.sv)
  if (access === 'user' && SESSION_CHECKED_BY_SHOPPER.has(key))
    return { kind: 'user' as const, id: claims.sub, role: claims.role }
  return currentSession(c, claims, access !== 'user')
}

/**
 * Looks up the matched route in `table` (the access table) and answers 401 or 403 before the
 * handler runs; on success sets `c.var.user`. A route without an entry fails closed (500, logged).
 * On public routes the token is not read at all, so a stale token kept by a storefront never
 * breaks browsing or signing in again. A signed token whose account is gone or whose session was
 * revoked counts as no token (401).
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
    const principal =
      found === 'invalid' || found === undefined
        ? undefined
        : 'kind' in found
          ? found
          : await sessionOf(c, found, access, key)
    const decision = decide(access, principal)
    if (decision === 'unauthenticated') {
      c.header('WWW-Authenticate', 'Bearer')
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
