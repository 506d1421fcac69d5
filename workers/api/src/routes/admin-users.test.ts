/** @module Tests of POST /v1/admin/users/:id/role against the real Worker and D1. */
import { decode } from 'hono/jwt'
import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_KEY, call, errorCode, type SignedUp, signUp } from '#test/workers/accounts'

const setRole = (id: string, json: unknown, token?: string) =>
  call(`/v1/admin/users/${id}/role`, { method: 'POST', json, ...(token ? { token } : {}) })

let admin: SignedUp
beforeAll(async () => {
  admin = await signUp('admin')
})

describe('POST /v1/admin/users/:id/role', () => {
  it('lets an admin user grant a role that the next sign-in carries', async () => {
    const target = await signUp()
    const res = await setRole(target.user.id, { role: 'ops' }, admin.token)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ user: { ...target.user, role: 'ops' } })
    const login = await call('/v1/auth/login', {
      method: 'POST',
      json: { email: target.email, password: target.password },
    })
    const { token, user } = (await login.json()) as SignedUp
    expect(user.role).toBe('ops')
    expect(decode(token).payload.role).toBe('ops')
    const me = (await (await call('/v1/me', { token })).json()) as { user: { role: string } }
    expect(me.user.role).toBe('ops')
  })

  it('answers 403 to shoppers and ops, and 401 without a token, changing nothing', async () => {
    const target = await signUp()
    const ops = await signUp('ops')
    for (const [token, status] of [
      [target.token, 403],
      [ops.token, 403],
      [undefined, 401],
    ] as const) {
      expect((await setRole(target.user.id, { role: 'admin' }, token)).status).toBe(status)
    }
    const me = (await (await call('/v1/me', { token: target.token })).json()) as SignedUp
    expect(me.user.role).toBe('shopper')
  })

  it('answers 404 not_found for an unknown user', async () => {
    const res = await setRole(crypto.randomUUID(), { role: 'ops' }, ADMIN_KEY)
    expect(res.status).toBe(404)
    expect(await errorCode(res)).toBe('not_found')
  })

  it.each([
    ['a malformed id', 'not-a-uuid', { role: 'ops' }],
    ['an unknown role', undefined, { role: 'root' }],
    ['an unknown field', undefined, { role: 'ops', admin: true }],
    ['no role', undefined, {}],
  ])('answers 400 validation_failed for %s', async (_, id, body) => {
    const target = id ?? (await signUp()).user.id
    const res = await setRole(target, body, ADMIN_KEY)
    expect(res.status).toBe(400)
    expect(await errorCode(res)).toBe('validation_failed')
  })
})
