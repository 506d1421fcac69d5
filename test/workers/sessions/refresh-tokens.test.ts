/**
 * @module Sessions that last: short access tokens renewed by rotating refresh tokens. Rotation,
 * reuse detection (the whole family revoked), revocation by sign-out, password change and
 * deletion, expiry, the cookie's attributes and the CSRF guard of a cookie refresh.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { issueToken } from '#api/middleware/auth'
import type { AppEnv } from '#api/types'
import { hashRefreshToken } from '#domain/auth/refresh-tokens'
import { call, errorCode, signUp } from '../accounts'

type Session = {
  user?: { id: string }
  guest?: { id: string }
  token: string
  tokenExpiresAt: string
  refreshToken?: string
  refreshExpiresAt: string
}

const COOKIE = { 'X-Session-Cookie': '1' }

async function login(email: string, password: string, headers: Record<string, string> = {}) {
  const res = await call('/v1/auth/login', { method: 'POST', json: { email, password }, headers })
  expect(res.status).toBe(200)
  return { res, body: (await res.json()) as Session }
}

function refresh(refreshToken: string) {
  return call('/v1/auth/refresh', { method: 'POST', json: { refreshToken } })
}

async function refused(res: Response): Promise<string | undefined> {
  expect(res.status).toBe(401)
  const body = (await res.json()) as { error: { code: string; details?: { reason?: string } } }
  expect(body.error.code).toBe('refresh_token_invalid')
  return body.error.details?.reason
}

/** Moves a token's retirement (or expiry) back in time, as if `ms` had passed. */
async function age(refreshToken: string, column: 'retired_at' | 'expires_at', ms: number) {
  const hash = await hashRefreshToken(refreshToken)
  const result = await env.DB.prepare(
    `update refresh_tokens set ${column} = ${column} - ? where token_hash = ?`,
  )
    .bind(ms, hash)
    .run()
  expect(result.meta.changes).toBe(1)
}

const me = (token: string) => call('/v1/me', { token })

describe('refresh tokens', () => {
  it('sign-in answers a refresh token; a refresh answers a new access and refresh token and retires the old one', async () => {
    const user = await signUp()
    const { body: first } = await login(user.email, user.password)
    expect(first.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Date.parse(first.refreshExpiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000)
    const res = await refresh(first.refreshToken as string)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toContain('no-store')
    const next = (await res.json()) as Session
    expect(next.user?.id).toBe(user.user.id)
    expect(next.refreshToken).not.toBe(first.refreshToken)
    expect((await me(next.token)).status).toBe(200)
    // The store keeps hashes only: the token itself appears nowhere.
    const raw = await env.DB.prepare('select token_hash from refresh_tokens where subject_id = ?')
      .bind(user.user.id)
      .all<{ token_hash: string }>()
    expect(raw.results.map((r) => r.token_hash)).not.toContain(first.refreshToken)
    expect(raw.results.map((r) => r.token_hash)).toContain(
      await hashRefreshToken(first.refreshToken as string),
    )
  })

  it('reusing a retired token revokes the whole family: the thief and the owner are both signed out', async () => {
    const user = await signUp()
    const { body: first } = await login(user.email, user.password)
    const second = (await (await refresh(first.refreshToken as string)).json()) as Session
    // Later than the grace for a lost race between tabs: this is a replay.
    await age(first.refreshToken as string, 'retired_at', 60_000)
    expect(await refused(await refresh(first.refreshToken as string))).toBe('reused')
    // The family's live token died with it.
    expect(await refused(await refresh(second.refreshToken as string))).toBe('unknown')
    // Another sign-in (another family) is untouched.
    const { body: other } = await login(user.email, user.password)
    expect((await refresh(other.refreshToken as string)).status).toBe(200)
  })

  it('a token retired a moment ago (another tab refreshed first) is refused without revoking the family', async () => {
    const user = await signUp()
    const { body: first } = await login(user.email, user.password)
    const second = (await (await refresh(first.refreshToken as string)).json()) as Session
    expect(await refused(await refresh(first.refreshToken as string))).toBe('superseded')
    expect((await refresh(second.refreshToken as string)).status).toBe(200)
  })

  it('of concurrent refreshes with one token exactly one wins', async () => {
    const user = await signUp()
    const { body } = await login(user.email, user.password)
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => refresh(body.refreshToken as string)),
    )
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401, 401])
  })

  it('sign-out revokes every refresh token of the user', async () => {
    const user = await signUp()
    const { body: a } = await login(user.email, user.password)
    const { body: b } = await login(user.email, user.password)
    const out = await call('/v1/auth/logout', { method: 'POST', token: a.token })
    expect(out.status).toBe(204)
    await refused(await refresh(a.refreshToken as string))
    await refused(await refresh(b.refreshToken as string))
  })

  it('a password change revokes every refresh token and answers a session that refreshes', async () => {
    const user = await signUp()
    const { body: old } = await login(user.email, user.password)
    const res = await call('/v1/me/password', {
      method: 'POST',
      token: old.token,
      json: { currentPassword: user.password, newPassword: 'a brand new secret' },
    })
    expect(res.status).toBe(200)
    const fresh = (await res.json()) as Session
    await refused(await refresh(old.refreshToken as string))
    expect((await refresh(fresh.refreshToken as string)).status).toBe(200)
  })

  it('a refresh token left from before a revocation is refused for its session version', async () => {
    const user = await signUp()
    const { body } = await login(user.email, user.password)
    // The version moves on without the rows being removed (as if that second write had failed).
    await env.DB.prepare('update users set session_version = session_version + 1 where id = ?')
      .bind(user.user.id)
      .run()
    expect(await refused(await refresh(body.refreshToken as string))).toBe('revoked')
  })

  it('account deletion revokes the refresh tokens', async () => {
    const user = await signUp()
    const { body } = await login(user.email, user.password)
    const del = await call('/v1/me', {
      method: 'DELETE',
      token: body.token,
      json: { password: user.password },
    })
    expect(del.status).toBe(204)
    await refused(await refresh(body.refreshToken as string))
  })

  it('an expired refresh token is refused', async () => {
    const user = await signUp()
    const { body } = await login(user.email, user.password)
    await age(body.refreshToken as string, 'expires_at', 31 * 86_400_000)
    expect(await refused(await refresh(body.refreshToken as string))).toBe('expired')
  })

  it('unknown, missing and malformed refresh tokens are refused', async () => {
    expect(await refused(await refresh('A'.repeat(43)))).toBe('unknown')
    expect(await refused(await call('/v1/auth/refresh', { method: 'POST' }))).toBe('missing')
    const extra = await call('/v1/auth/refresh', {
      method: 'POST',
      json: { refreshToken: 'x', userId: 'admin' },
    })
    expect(extra.status).toBe(400)
  })

  it('an expired access token answers 401 token_expired; a forged expired one stays unauthorized', async () => {
    const user = await signUp()
    const bindings = env as unknown as AppEnv['Bindings']
    const stale = { id: user.user.id, role: 'shopper' as const, sessionVersion: 0 }
    const expired = await issueToken(bindings, stale, Date.now() - 3_600_000)
    const res = await me(expired)
    expect(res.status).toBe(401)
    expect(await errorCode(res)).toBe('token_expired')
    const forged = await issueToken(
      { ...bindings, JWT_SECRET: 'not-our-secret' },
      stale,
      Date.now() - 3_600_000,
    )
    expect(await errorCode(await me(forged))).toBe('unauthorized')
  })
})

describe('the refresh cookie', () => {
  const cookieOf = (res: Response) =>
    res.headers.getSetCookie().find((c) => c.startsWith('__Secure-refresh=')) ?? ''
  const cookieValue = (setCookie: string) => setCookie.split(';')[0]?.split('=')[1] ?? ''

  it('is HttpOnly, Secure, SameSite=Strict and scoped to the refresh route; the body then has no refresh token', async () => {
    const user = await signUp()
    const { res, body } = await login(user.email, user.password, COOKIE)
    expect(body.refreshToken).toBeUndefined()
    const set = cookieOf(res)
    expect(set).toMatch(/^__Secure-refresh=[A-Za-z0-9_-]{43};/)
    expect(set).toContain('Path=/v1/auth/refresh')
    expect(set).toContain('HttpOnly')
    expect(set).toContain('Secure')
    expect(set).toContain('SameSite=Strict')
    expect(set).toContain('Max-Age=2592000')
    expect(set).not.toContain('Domain=')
  })

  it('refreshes with the header from this site; without the header, or from another site, it is refused (CSRF)', async () => {
    const user = await signUp()
    const { res } = await login(user.email, user.password, COOKIE)
    const cookie = `__Secure-refresh=${cookieValue(cookieOf(res))}`
    const attempt = (headers: Record<string, string>) =>
      call('/v1/auth/refresh', { method: 'POST', headers: { cookie, ...headers } })

    const noHeader = await attempt({})
    expect(noHeader.status).toBe(403)
    expect(await errorCode(noHeader)).toBe('csrf_refused')
    const crossSite = await attempt({ ...COOKIE, 'Sec-Fetch-Site': 'cross-site' })
    expect(await errorCode(crossSite)).toBe('csrf_refused')
    const otherOrigin = await attempt({ ...COOKIE, Origin: 'https://evil.example' })
    expect(await errorCode(otherOrigin)).toBe('csrf_refused')

    // The refusals retired nothing: the same cookie still refreshes from the site's own page.
    const ok = await attempt({
      ...COOKIE,
      Origin: 'http://api.test',
      'Sec-Fetch-Site': 'same-origin',
    })
    expect(ok.status).toBe(200)
    const body = (await ok.json()) as Session
    expect(body.refreshToken).toBeUndefined()
    expect(cookieValue(cookieOf(ok))).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(cookieValue(cookieOf(ok))).not.toBe(cookieValue(cookieOf(res)))
    expect((await me(body.token)).status).toBe(200)
  })

  it('sign-out clears the cookie', async () => {
    const user = await signUp()
    const { body } = await login(user.email, user.password, COOKIE)
    const out = await call('/v1/auth/logout', { method: 'POST', token: body.token })
    expect(cookieOf(out)).toContain('Max-Age=0')
  })
})
