/** @module Tests of bearer authentication: the tokens issued, the tokens refused, the admin key. */
import { env } from 'cloudflare:test'
import { decode, sign } from 'hono/jwt'
import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_KEY, call, errorCode, type SignedUp, signUp } from '#test/workers/accounts'
import { createApp } from '../app'

let shopper: SignedUp
beforeAll(async () => {
  shopper = await signUp()
})

const now = () => Math.floor(Date.now() / 1000)
const claims = (over: Record<string, unknown> = {}) => ({
  iss: env.JWT_ISSUER,
  aud: env.JWT_AUDIENCE,
  sub: shopper.user.id,
  role: 'shopper',
  iat: now(),
  exp: now() + 600,
  ...over,
})
const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')

describe('issued tokens', () => {
  it('are HS256 JWTs with iss, aud, sub, role, sv, iat and a 15-minute exp', async () => {
    const { header, payload } = decode(shopper.token)
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(payload).toEqual({
      iss: 'edge-commerce-api',
      aud: 'edge-commerce',
      sub: shopper.user.id,
      role: 'shopper',
      sv: 0,
      iat: expect.any(Number),
      exp: (payload.iat as number) + 900,
    })
  })

  it('live JWT_TTL_SECONDS long, clamped to between ten seconds and one hour', async () => {
    const ttl = async (value: string) => {
      const res = await call(
        '/v1/auth/login',
        { method: 'POST', json: { email: shopper.email, password: shopper.password } },
        { JWT_TTL_SECONDS: value },
      )
      const { payload } = decode(((await res.json()) as SignedUp).token)
      return (payload.exp as number) - (payload.iat as number)
    }
    expect(await ttl('300')).toBe(300)
    expect(await ttl('5')).toBe(10)
    expect(await ttl('86400')).toBe(3600)
    expect(await ttl('soon')).toBe(900)
  })
})

describe('refused tokens', () => {
  const forged = async () => {
    const [head, , sig] = shopper.token.split('.')
    return `${head}.${b64url(claims({ role: 'admin' }))}.${sig}`
  }
  const cases: [string, () => Promise<string>][] = [
    [
      'expired and signed with another secret',
      () => sign(claims({ iat: now() - 1000, exp: now() - 1 }), 'not-the-secret'),
    ],
    ['for another audience', () => sign(claims({ aud: 'another-app' }), env.JWT_SECRET)],
    ['from another issuer', () => sign(claims({ iss: 'someone-else' }), env.JWT_SECRET)],
    ['without exp', () => sign({ ...claims(), exp: undefined }, env.JWT_SECRET)],
    ['signed with another secret', () => sign(claims(), 'not-the-secret')],
    ['signed with HS512', () => sign(claims(), env.JWT_SECRET, 'HS512')],
    ['with alg none', async () => `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims())}.`],
    ['with a tampered payload', forged],
    ['that is not a JWT', async () => 'garbage'],
  ]

  it.each(cases)('answers 401 unauthorized for a token %s', async (_, make) => {
    const res = await call('/v1/me', { token: await make() })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer')
    expect(await errorCode(res)).toBe('unauthorized')
  })

  it('answers 401 token_expired for an expired token of ours, so the client refreshes it', async () => {
    const res = await call('/v1/me', {
      token: await sign(claims({ iat: now() - 1000, exp: now() - 1 }), env.JWT_SECRET),
    })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer')
    expect(await errorCode(res)).toBe('token_expired')
  })

  it('answers 401 for no token and for a scheme other than Bearer', async () => {
    expect((await call('/v1/me')).status).toBe(401)
    const basic = await call('/v1/me', { headers: { authorization: `Basic ${btoa('a:b')}` } })
    expect(basic.status).toBe(401)
  })

  it('ignores a bad token on a public route instead of refusing it', async () => {
    const res = await call('/v1/auth/login', {
      method: 'POST',
      token: 'garbage',
      json: { email: shopper.email, password: shopper.password },
    })
    expect(res.status).toBe(200)
  })
})

describe('the admin API key', () => {
  it('is accepted as a bearer token on admin routes', async () => {
    const res = await call(`/v1/admin/users/${shopper.user.id}/role`, {
      method: 'POST',
      token: ADMIN_KEY,
      json: { role: 'shopper' },
    })
    expect(res.status).toBe(200)
  })

  it('is not a user: user routes answer 403', async () => {
    const res = await call('/v1/me', { token: ADMIN_KEY })
    expect(res.status).toBe(403)
    expect(await errorCode(res)).toBe('forbidden')
  })

  it.each([
    ['one character off', `${ADMIN_KEY.slice(0, -1)}x`],
    ['a prefix', ADMIN_KEY.slice(0, -1)],
    ['longer', `${ADMIN_KEY}x`],
  ])('answers 401 for a key %s', async (_, key) => {
    const res = await call(`/v1/admin/users/${shopper.user.id}/role`, {
      method: 'POST',
      token: key,
      json: { role: 'admin' },
    })
    expect(res.status).toBe(401)
  })
})

describe('routes missing from the access table', () => {
  it('fail closed with a 500 instead of answering', async () => {
    const app = createApp({})
    app.get('/unlisted', (c) => c.text('should not be reached'))
    const res = await app.request('/unlisted', {}, { ...env, LOG_LEVEL: 'silent' })
    expect(res.status).toBe(500)
    expect(await res.text()).not.toContain('should not be reached')
  })
})
