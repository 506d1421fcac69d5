/** @module POST /v1/auth/register and /v1/auth/login: accounts and their access tokens. */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { registerUser, signIn } from '#domain/auth/accounts'
import { LoginThrottle } from '#domain/auth/login-throttle'
import { normalizeEmail, ROLES, toPublicUser } from '#domain/auth/user'
import { AppError } from '#domain/errors'
import { issueToken } from '../middleware/auth'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import type { AppEnv } from '../types'
import { ErrorSchema } from './docs'

// 254 is the longest address SMTP can carry; the users table column has the same width.
const Email = z.email().max(254).openapi({ example: 'ada@example.com' })

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

const RegisterBody = z
  .strictObject({
    email: Email,
    // 128 bounds the work one request can ask of PBKDF2 and stays far above any real passphrase.
    password: z.string().min(8).max(128),
    name: z.string().trim().min(1).max(120).optional(),
  })
  .openapi('Registration')

// Sign-in enforces no length rule beyond the bounds: a policy change must not lock anyone out.
const LoginBody = z
  .strictObject({ email: Email, password: z.string().min(1).max(128) })
  .openapi('Credentials')

export const AuthResultSchema = z
  .object({ user: UserSchema, token: z.string().openapi({ description: 'JWT, HS256' }) })
  .openapi('AuthResult')

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } })

const register = createRoute({
  method: 'post',
  path: '/auth/register',
  summary: 'Create a shopper account and sign in',
  request: { body: { required: true, ...json(RegisterBody) } },
  responses: {
    201: { description: 'The new user and an access token', ...json(AuthResultSchema) },
    409: { description: '`email_taken`: the email has an account', ...json(ErrorSchema) },
  },
})

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  summary: 'Exchange email and password for an access token',
  request: { body: { required: true, ...json(LoginBody) } },
  responses: {
    200: { description: 'The user and an access token', ...json(AuthResultSchema) },
    401: { description: '`invalid_credentials`, whichever part was wrong', ...json(ErrorSchema) },
    429: {
      description:
        '`rate_limited`: too many failed sign-ins of this email from this client (5 a minute, 20 an hour), of this email from everywhere (200 an hour), or too many attempts from this IP',
      ...json(ErrorSchema),
    },
  },
})

export const auth = createRouter()
  .openapi(register, async (c) => {
    const user = await registerUser(c.get('ports').database.users, c.req.valid('json'))
    return c.json({ user: toPublicUser(user), token: await issueToken(c.env, user) }, 201)
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
    try {
      const user = await signIn(c.get('ports').database.users, { ...body, email })
      return c.json({ user: toPublicUser(user), token: await issueToken(c.env, user) }, 200)
    } catch (err) {
      // Awaited, not deferred: the next guess must already see this failure.
      if (err instanceof AppError && err.code === 'invalid_credentials')
        await throttle.recordFailure(email, client).catch((e: unknown) => warnThrottle(c, e))
      throw err
    }
  })

/** Throttling fails open like every rate limit: a counters outage must not stop sign-in. */
function warnThrottle(c: Context<AppEnv>, err: unknown) {
  log(c.env, 'warn', 'sign-in throttle store failed; attempt allowed', {
    requestId: c.get('requestId'),
    error: err,
  })
}
