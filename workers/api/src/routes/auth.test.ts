/** @module Tests of registration and sign-in against the real Worker, D1 and WebCrypto. */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { call, errorCode, type SignedUp, uniqueEmail } from '#test/workers/accounts'

const register = (json: unknown) => call('/v1/auth/register', { method: 'POST', json })
const login = (json: unknown) => call('/v1/auth/login', { method: 'POST', json })
const countUsers = async (email: string) =>
  (
    await env.DB.prepare('select count(*) as n from users where email = ?').bind(email).first<{
      n: number
    }>()
  )?.n

describe('POST /v1/auth/register', () => {
  it('creates a shopper and answers its public view with a token that signs it in', async () => {
    const email = uniqueEmail('Ada')
    const res = await register({ email: email.toUpperCase(), password: 'pw-12345678', name: 'Ada' })
    expect(res.status).toBe(201)
    const body = (await res.json()) as SignedUp
    expect(body.user).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: email.toLowerCase(),
      name: 'Ada',
      role: 'shopper',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    expect(JSON.stringify(body)).not.toMatch(/password|salt|pbkdf2/i)
    const me = await call('/v1/me', { token: body.token })
    expect(me.status).toBe(200)
    expect(await me.json()).toEqual({ user: body.user })
  })

  it('stores a salted PBKDF2 hash and never the password', async () => {
    const email = uniqueEmail()
    await register({ email, password: 'pw-secret-1234' })
    const row = await env.DB.prepare(
      'select password_hash, password_salt from users where email = ?',
    )
      .bind(email)
      .first<{ password_hash: string; password_salt: string }>()
    expect(row?.password_hash).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/]{43}=$/)
    expect(atob(row?.password_salt ?? '')).toHaveLength(16)
    expect(JSON.stringify(row)).not.toContain('pw-secret-1234')
  })

  it('answers 409 email_taken for an email already registered, in any case', async () => {
    const email = uniqueEmail()
    expect((await register({ email, password: 'pw-12345678' })).status).toBe(201)
    const again = await register({ email: email.toUpperCase(), password: 'other-password' })
    expect(again.status).toBe(409)
    expect(await errorCode(again)).toBe('email_taken')
    expect(await countUsers(email)).toBe(1)
  })

  it.each([
    ['a malformed email', { email: 'not-an-email', password: 'pw-12345678' }],
    ['a password under 8 characters', { password: 'short-7' }],
    ['a password over 128 characters', { password: 'p'.repeat(129) }],
    ['an unknown field', { password: 'pw-12345678', role: 'admin' }],
    ['a wrong type', { password: 12345678 }],
    ['an empty name', { password: 'pw-12345678', name: '  ' }],
    ['a missing password', {}],
  ])('answers 400 validation_failed and writes nothing for %s', async (_, fields) => {
    const email = uniqueEmail()
    const res = await register({ email, ...fields })
    expect(res.status).toBe(400)
    expect(await errorCode(res)).toBe('validation_failed')
    expect(await countUsers(email)).toBe(0)
  })

  it('answers 400 malformed_json for a body that is not JSON', async () => {
    const res = await call('/v1/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    })
    expect(res.status).toBe(400)
    expect(await errorCode(res)).toBe('malformed_json')
  })
})

describe('POST /v1/auth/login', () => {
  it('answers the user and a fresh token for the right password', async () => {
    const email = uniqueEmail()
    const created = (await (await register({ email, password: 'pw-12345678' })).json()) as SignedUp
    const res = await login({ email: email.toUpperCase(), password: 'pw-12345678' })
    expect(res.status).toBe(200)
    const body = (await res.json()) as SignedUp
    expect(body.user).toEqual(created.user)
    expect((await call('/v1/me', { token: body.token })).status).toBe(200)
  })

  it('answers a wrong password and an unknown email with the same 401 invalid_credentials', async () => {
    const email = uniqueEmail()
    await register({ email, password: 'pw-12345678' })
    const wrongPassword = await login({ email, password: 'pw-12345679' })
    const unknownEmail = await login({ email: uniqueEmail(), password: 'pw-12345678' })
    expect(wrongPassword.status).toBe(401)
    expect(unknownEmail.status).toBe(401)
    const [a, b] = (await Promise.all([wrongPassword.json(), unknownEmail.json()])) as {
      error: { code: string; message: string }
    }[]
    expect(a?.error.code).toBe('invalid_credentials')
    expect({ ...a?.error, requestId: 0 }).toEqual({ ...b?.error, requestId: 0 })
  })

  it('refuses fields other than email and password', async () => {
    const res = await login({ email: uniqueEmail(), password: 'pw-12345678', name: 'x' })
    expect(res.status).toBe(400)
    expect(await errorCode(res)).toBe('validation_failed')
  })
})
