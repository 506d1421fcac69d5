/**
 * @module Access tokens: short-lived HS256 JWTs for users (role and session version) and for guest
 * shoppers (role `guest`, their contact email), and their verification.
 */
import { z } from '@hono/zod-openapi'
import { sign, verify } from 'hono/jwt'
import { ROLES, type Role } from '#domain/auth/user'
import type { AppEnv } from '../types'

type Bindings = AppEnv['Bindings']

const DEFAULT_TTL_SECONDS = 900
// Bounds on JWT_TTL_SECONDS: a typo must not mint tokens that live for days. The floor is low
// enough for a browser test to see an access token expire and the storefront refresh it.
const MIN_TTL_SECONDS = 10
const MAX_TTL_SECONDS = 3_600

// hono/jwt checks exp only when the claim is present; these claims are required, not optional.
const UserClaims = z.object({
  sub: z.string().min(1),
  role: z.enum(ROLES),
  // The user's session version when the token was issued (UserRecord.sessionVersion).
  sv: z.number().int().nonnegative(),
  iat: z.number(),
  exp: z.number(),
})

const GuestClaims = z.object({
  sub: z.uuid(),
  role: z.literal('guest'),
  email: z.string().min(3).max(254),
  iat: z.number(),
  exp: z.number(),
})

/** A user token's claims once signature, algorithm, issuer, audience and expiry are checked. */
export type UserClaims = z.infer<typeof UserClaims>
/** A guest token's claims, checked the same way. */
export type GuestClaims = z.infer<typeof GuestClaims>

/** What a bearer token turned out to be. */
export type Verified =
  | { kind: 'user'; claims: UserClaims }
  | { kind: 'guest'; claims: GuestClaims }
  | { kind: 'expired' }
  | { kind: 'invalid' }

/** Access-token lifetime in seconds from JWT_TTL_SECONDS, within 10 s to 60 minutes (default 15). */
export function tokenTtlSeconds(env: Pick<Bindings, 'JWT_TTL_SECONDS'>): number {
  const ttl = Number(env.JWT_TTL_SECONDS)
  if (!Number.isInteger(ttl) || ttl <= 0) return DEFAULT_TTL_SECONDS
  return Math.min(MAX_TTL_SECONDS, Math.max(MIN_TTL_SECONDS, ttl))
}

function signClaims(env: Bindings, claims: Record<string, unknown>, now: number) {
  const iat = Math.floor(now / 1000)
  return sign(
    {
      iss: env.JWT_ISSUER,
      aud: env.JWT_AUDIENCE,
      ...claims,
      iat,
      exp: iat + tokenTtlSeconds(env),
    },
    env.JWT_SECRET,
    'HS256',
  )
}

/** Signs an HS256 access token for `user` with iss, aud, sub, role, sv, iat and exp. */
export function issueToken(
  env: Bindings,
  user: { id: string; role: Role; sessionVersion: number },
  now = Date.now(),
): Promise<string> {
  return signClaims(env, { sub: user.id, role: user.role, sv: user.sessionVersion }, now)
}

/** Signs an HS256 access token for a guest shopper: sub (their shopper id), role `guest`, email. */
export function issueGuestToken(
  env: Bindings,
  guest: { id: string; email: string },
  now = Date.now(),
): Promise<string> {
  return signClaims(env, { sub: guest.id, role: 'guest', email: guest.email }, now)
}

/** The HS256 verification key of each secret this isolate has seen, imported once, not per request. */
const verifyKeys = new Map<string, Promise<CryptoKey>>()

function verifyKey(secret: string): Promise<CryptoKey> {
  let key = verifyKeys.get(secret)
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    )
    // A rotated secret replaces the old one; a failed import is not remembered.
    verifyKeys.clear()
    verifyKeys.set(secret, key)
    key.catch(() => verifyKeys.delete(secret))
  }
  return key
}

/**
 * Verifies a bearer token this API issued. An expired token whose signature holds is `expired`
 * (the client should refresh); hono checks the expiry before the signature, so a forged expired
 * token is checked again without the expiry and reported `invalid`.
 */
export async function verifyToken(env: Bindings, token: string): Promise<Verified> {
  // The algorithm is pinned: `alg: none` and any other algorithm fail before the signature.
  const options = { alg: 'HS256' as const, iss: env.JWT_ISSUER, aud: env.JWT_AUDIENCE }
  const key = verifyKey(env.JWT_SECRET)
  let payload: unknown
  try {
    payload = await verify(token, await key, options)
  } catch (err) {
    if (!(err instanceof Error) || err.name !== 'JwtTokenExpired') return { kind: 'invalid' }
    try {
      await verify(token, await key, { ...options, exp: false })
      return { kind: 'expired' }
    } catch {
      return { kind: 'invalid' }
    }
  }
  const user = UserClaims.safeParse(payload)
  if (user.success) return { kind: 'user', claims: user.data }
  const guest = GuestClaims.safeParse(payload)
  if (guest.success) return { kind: 'guest', claims: guest.data }
  return { kind: 'invalid' }
}
