/**
 * @module POST /v1/auth/register and /v1/auth/login: accounts and their sessions (a short access
 * token and a rotating refresh token); with the guest's token, the guest's orders are claimed.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { registerUser, signIn } from '#domain/auth/accounts'
import type { GuestRecord } from '#domain/auth/guests'
import { LoginThrottle } from '#domain/auth/login-throttle'
import { normalizeEmail, ROLES, toPublicUser, type UserRecord } from '#domain/auth/user'
import { AppError } from '#domain/errors'
import { claimForAccount, presentedGuest } from '../auth/guest-claims'
import { deliverSession } from '../auth/sessions'
import { issueToken } from '../middleware/auth'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import type { AppEnv } from '../types'
import { ErrorSchema } from './docs'

// 254 is the longest address SMTP can carry; the users table column has the same width.
export const Email = z.email().max(254).openapi({ example: 'ada@example.com' })

/** A user as the API shows it: never the password hash or salt. */
export const UserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(ROLES),
    createdAt: z.iso.datetime(),
  })
  .openapi('User')

// The guest's own access token: presenting it proves control of the guest's orders.
const GuestToken = z.string().min(1).max(4096).openapi({
  description: "A guest session's access token: claims that guest's orders for this account",
})

const RegisterBody = z
  .strictObject({
    email: Email,
    // 128 bounds the work one request can ask of PBKDF2 and stays far above any real passphrase.
    password: z.string().min(8).max(128),
    name: z.string().trim().min(1).max(120).optional(),
    guestToken: GuestToken.optional(),
  })
  .openapi('Registration')

// Sign-in enforces no length rule beyond the bounds: a policy change must not lock anyone out.
const LoginBody = z
  .strictObject({
    email: Email,
    password: z.string().min(1).max(128),
    guestToken: GuestToken.optional(),
  })
  .openapi('Credentials')

/** The tokens of a session, as every session route answers them. */
export const SessionTokensShape = {
  token: z.string().openapi({ description: 'Access token: JWT, HS256, JWT_TTL_SECONDS' }),
  tokenExpiresAt: z.iso.datetime(),
  refreshToken: z.string().optional().openapi({
    description:
      'Opaque, single use; absent when the request sent `X-Session-Cookie: 1` (then it is the HttpOnly `__Secure-refresh` cookie)',
  }),
  refreshExpiresAt: z.iso.datetime(),
}

export const AuthResultSchema = z
  .object({
    user: UserSchema,
    ...SessionTokensShape,
    claimedGuestId: z.uuid().optional().openapi({
      description: 'The guest whose orders this account now holds (with `guestToken`)',
    }),
  })
  .openapi('AuthResult')

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } })
const claimRefusals = {
  403: {
    description: '`guest_token_invalid`: `guestToken` is not a live guest session',
    ...json(ErrorSchema),
  },
}

const register = createRoute({
  method: 'post',
  path: '/auth/register',
  summary: 'Create a shopper account and sign in',
  request: { body: { required: true, ...json(RegisterBody) } },
  responses: {
    201: { description: 'The new user and the session', ...json(AuthResultSchema) },
    ...claimRefusals,
    409: {
      description:
        '`email_taken`: the email has an account; `guest_email_mismatch` or `guest_already_claimed` with `guestToken`',
      ...json(ErrorSchema),
    },
  },
})

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  summary: 'Exchange email and password for a session',
  request: { body: { required: true, ...json(LoginBody) } },
  responses: {
    200: { description: 'The user and the session', ...json(AuthResultSchema) },
    401: { description: '`invalid_credentials`, whichever part was wrong', ...json(ErrorSchema) },
    ...claimRefusals,
    409: {
      description: '`guest_email_mismatch` or `guest_already_claimed` with `guestToken`',
      ...json(ErrorSchema),
    },
    429: {
      description:
        '`rate_limited`: too many failed sign-ins of this email from this client (5 a minute, 20 an hour), of this email from everywhere (200 an hour), or too many attempts from this IP',
      ...json(ErrorSchema),
    },
  },
})

/** A user's session: the access token, the refresh token of a new family, and a claim if asked. */
async function startSession(c: Context<AppEnv>, user: UserRecord, guest?: GuestRecord) {
  const now = Date.now()
  const claimedGuestId = guest ? await claimForAccount(c, guest, user) : undefined
  const tokens = await deliverSession(
    c,
    { id: user.id, kind: 'user', sessionVersion: user.sessionVersion },
    await issueToken(c.env, user, now),
    now,
  )
  return { user: toPublicUser(user), ...tokens, ...(claimedGuestId ? { claimedGuestId } : {}) }
}

export const auth = createRouter()
  .openapi(register, async (c) => {
    const body = c.req.valid('json')
    // The guest is checked before the account exists: a refused claim writes nothing.
    const guest = body.guestToken ? await presentedGuest(c, body.guestToken, body.email) : undefined
    const user = await registerUser(c.get('ports').database.users, body)
    return c.json(await startSession(c, user, guest), 201)
  })
  .openapi(login, async (c) => {
    const body = c.req.valid('json')
    const email = normalizeEmail(body.email)
    // Failures count per email and client, so a stranger's guesses never lock the owner out of
    // their own client (requests without an edge IP, local tools, share one stand-in client).
    const client = c.req.header('CF-Connecting-IP') || 'no-edge-ip'
    const throttle = new LoginThrottle(c.get('ports').counters)
    try {
      await throttle.assertAllowed(email, client)
    } catch (err) {
      if (err instanceof AppError && err.code === 'rate_limited') {
        c.header(
          'Retry-After',
          String((err.details as { retryAfterSeconds: number }).retryAfterSeconds),
        )
        throw err
      }
      warnThrottle(c, err)
    }
    let user: UserRecord
    try {
      user = await signIn(c.get('ports').database.users, { ...body, email })
    } catch (err) {
      // Awaited, not deferred: the next guess must already see this failure.
      if (err instanceof AppError && err.code === 'invalid_credentials')
        await throttle.recordFailure(email, client).catch((e: unknown) => warnThrottle(c, e))
      throw err
    }
    // Only after the password: a guest token tells a guesser nothing about the account.
    const guest = body.guestToken
      ? await presentedGuest(c, body.guestToken, user.email, user.id)
      : undefined
    return c.json(await startSession(c, user, guest), 200)
  })

/** Throttling fails open like every rate limit: a counters outage must not stop sign-in. */
function warnThrottle(c: Context<AppEnv>, err: unknown) {
  log(c.env, 'warn', 'sign-in throttle store failed; attempt allowed', {
    requestId: c.get('requestId'),
    error: err,
  })
}
