/** @module POST /v1/auth/register and /v1/auth/login: accounts and their access tokens. */
import { createRoute, z } from '@hono/zod-openapi'
import { registerUser, signIn } from '#domain/auth/accounts'
import { normalizeEmail, ROLES, toPublicUser } from '#domain/auth/user'
import { issueToken } from '../middleware/auth'
import { enforceRateLimit } from '../middleware/rate-limit'
import { createRouter } from '../router'
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
    429: { description: '`rate_limited`: too many attempts', ...json(ErrorSchema) },
  },
})

export const auth = createRouter()
  .openapi(register, async (c) => {
    const user = await registerUser(c.get('ports').database.users, c.req.valid('json'))
    return c.json({ user: toPublicUser(user), token: await issueToken(c.env, user) }, 201)
  })
  .openapi(login, async (c) => {
    const body = c.req.valid('json')
    // Counted before the password is checked: guesses against one account cost nothing past the limit.
    await enforceRateLimit(c, 'loginEmail', normalizeEmail(body.email))
    const user = await signIn(c.get('ports').database.users, body)
    return c.json({ user: toPublicUser(user), token: await issueToken(c.env, user) }, 200)
  })
