/**
 * @module Starting and renewing sessions: a short access token plus a rotating refresh token,
 * delivered in the JSON body (API clients) or, when the request asks with `X-Session-Cookie: 1`
 * (the storefront), only as an HttpOnly, Secure, SameSite=Strict cookie scoped to the refresh
 * route, so page scripts never hold it.
 */
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { issueRefreshToken, type RefreshSubject } from '#domain/auth/refresh-tokens'
import { AppError } from '#domain/errors'
import { tokenTtlSeconds } from '../middleware/tokens'
import type { AppEnv } from '../types'

/** The refresh cookie: `__Secure-` makes browsers refuse it unless it is Secure and came over HTTPS. */
export const REFRESH_COOKIE = '__Secure-refresh'
/** The one path the browser sends the refresh cookie to. */
export const REFRESH_PATH = '/v1/auth/refresh'
/** The header by which the storefront asks for the cookie, and proves a refresh is not cross-site. */
export const COOKIE_HEADER = 'X-Session-Cookie'

const DEFAULT_REFRESH_TTL_SECONDS = 30 * 86_400
const MIN_REFRESH_TTL_SECONDS = 60
const MAX_REFRESH_TTL_SECONDS = 90 * 86_400

/** Refresh-token lifetime from REFRESH_TTL_SECONDS, within 1 minute and 90 days (default 30 days). */
export function refreshTtlSeconds(env: { REFRESH_TTL_SECONDS?: string }): number {
  const ttl = Number(env.REFRESH_TTL_SECONDS)
  if (!Number.isInteger(ttl) || ttl <= 0) return DEFAULT_REFRESH_TTL_SECONDS
  return Math.min(MAX_REFRESH_TTL_SECONDS, Math.max(MIN_REFRESH_TTL_SECONDS, ttl))
}

/** What every session answer carries besides the user or guest. */
export interface SessionTokens {
  token: string
  tokenExpiresAt: string
  refreshToken?: string
  refreshExpiresAt: string
}

/** Whether the request asked for the refresh token as a cookie (the storefront does). */
export function wantsCookie(c: Context<AppEnv>): boolean {
  return c.req.header(COOKIE_HEADER) === '1'
}

/**
 * Issues the refresh token of `subject` (the next of `familyId`, or a new family) and answers the
 * session's tokens, the refresh token in the body or in the cookie as the request asked.
 */
export async function deliverSession(
  c: Context<AppEnv>,
  subject: RefreshSubject,
  accessToken: string,
  now: number,
  familyId?: string,
): Promise<SessionTokens> {
  // Tokens are the caller's alone: no cache may keep the answer.
  c.header('Cache-Control', 'no-store')
  const ttl = refreshTtlSeconds(c.env)
  const { token, record } = await issueRefreshToken(
    c.get('ports').database.sessions,
    subject,
    ttl,
    now,
    familyId,
  )
  const tokens = {
    token: accessToken,
    tokenExpiresAt: new Date(now + tokenTtlSeconds(c.env) * 1000).toISOString(),
    refreshExpiresAt: new Date(record.expiresAt).toISOString(),
  }
  if (!wantsCookie(c)) return { ...tokens, refreshToken: token }
  setCookie(c, REFRESH_COOKIE, token, {
    path: REFRESH_PATH,
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    maxAge: ttl,
  })
  return tokens
}

/** Tells the browser to drop the refresh cookie (sign-out, a refused refresh). */
export function dropRefreshCookie(c: Context<AppEnv>): void {
  deleteCookie(c, REFRESH_COOKIE, { path: REFRESH_PATH, secure: true })
}

/**
 * The refresh token a request presents: `refreshToken` in the body, else the cookie. A cookie is
 * honoured only with the storefront's custom header (a cross-site form cannot send one, and a
 * cross-origin script cannot without a CORS preflight this API refuses) and from this origin
 * (`Origin` and `Sec-Fetch-Site` when the browser sends them): 403 `csrf_refused` otherwise.
 */
export function presentedRefreshToken(c: Context<AppEnv>, body: { refreshToken?: string }): string {
  if (body.refreshToken) return body.refreshToken
  const cookie = getCookie(c, REFRESH_COOKIE)
  if (!cookie)
    throw new AppError('refresh_token_invalid', 'No refresh token', { reason: 'missing' })
  const site = c.req.header('Sec-Fetch-Site')
  const origin = c.req.header('Origin')
  if (
    !wantsCookie(c) ||
    (site !== undefined && site !== 'same-origin') ||
    (origin !== undefined && origin !== new URL(c.req.url).origin)
  )
    throw new AppError('csrf_refused', 'A cookie refresh must come from this site’s own pages')
  return cookie
}
