/** @module Test helpers: call the real api Worker and sign up users with a given role through it. */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { D1DatabaseAdapter } from '#adapters/d1/database'
import worker from '#api/index'
import { issueToken } from '#api/middleware/auth'
import type { AppEnv } from '#api/types'
import type { Role } from '#domain/auth/user'

/** The admin API key the workers test project binds. */
export const ADMIN_KEY = env.ADMIN_API_KEY

/** Sends one request through the Worker's fetch handler; `bindings` override env. */
export async function call(
  path: string,
  init: RequestInit & { json?: unknown; token?: string } = {},
  bindings: object = {},
): Promise<Response> {
  const { json, token, ...rest } = init
  const headers = new Headers(rest.headers)
  if (json !== undefined) headers.set('content-type', 'application/json')
  if (token !== undefined) headers.set('authorization', `Bearer ${token}`)
  const ctx = createExecutionContext()
  const res = await worker.fetch(
    new Request(`http://api.test${path}`, {
      ...rest,
      headers,
      body: json === undefined ? rest.body : JSON.stringify(json),
    }),
    { ...env, ...bindings } as Env,
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return res
}

/** An email no other test uses. */
export function uniqueEmail(label = 'user'): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`
}

/** A user as the auth routes answer it. */
export interface SignedUp {
  user: { id: string; email: string; name: string | null; role: Role; createdAt: string }
  token: string
  email: string
  password: string
}

/** Registers a user; for another role, an admin (the API key) grants it and the user signs in again. */
export async function signUp(role: Role = 'shopper'): Promise<SignedUp> {
  const email = uniqueEmail(role)
  const password = 'correct horse battery'
  const registered = await call('/v1/auth/register', {
    method: 'POST',
    json: { email, password },
  })
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}`)
  const first = (await registered.json()) as SignedUp
  if (role === 'shopper') return { ...first, email, password }
  const granted = await call(`/v1/admin/users/${first.user.id}/role`, {
    method: 'POST',
    token: ADMIN_KEY,
    json: { role },
  })
  if (granted.status !== 200) throw new Error(`role change answered ${granted.status}`)
  const login = await call('/v1/auth/login', { method: 'POST', json: { email, password } })
  return { ...((await login.json()) as SignedUp), email, password }
}

/** The error code of an envelope response. */
export async function errorCode(res: Response): Promise<string | undefined> {
  return ((await res.json()) as { error?: { code?: string } }).error?.code
}

/**
 * A user written straight into the users table (no PBKDF2: for crowds of shoppers) and a token
 * signed the way sign-in signs one. The token works because the account exists: the access
 * middleware refuses tokens whose user is gone.
 */
export async function storedUser(role: Role = 'shopper'): Promise<{ id: string; token: string }> {
  const id = crypto.randomUUID()
  const now = Date.now()
  await new D1DatabaseAdapter(env.DB).users.create({
    id,
    email: `${role}-${id}@example.test`,
    name: null,
    role,
    passwordHash: 'pbkdf2-sha256$1$not-a-password',
    passwordSalt: 'c2FsdA==',
    createdAt: now,
    updatedAt: now,
    sessionVersion: 0,
  })
  return { id, token: await issueToken(env as AppEnv['Bindings'], { id, role, sessionVersion: 0 }) }
}
