/**
 * @module The shopper's and the staff member's stored sessions, and the renewal of the shopper's
 * access token with the HttpOnly refresh cookie (POST /v1/auth/refresh).
 */
import { ApiError, request } from './http.js'

/**
 * Asks the API to deliver the refresh token as its HttpOnly cookie (never to this script) and,
 * on a refresh, proves the request comes from this site's own pages (the CSRF guard).
 */
export const SESSION_COOKIE = { 'x-session-cookie': '1' }
// Renew this long before the access token expires, so a request never races its expiry.
export const RENEW_BEFORE_MS = 5_000
let refreshing = null

/**
 * Whether a call is the shopper's: the stored session's token, or an older token of the same
 * shopper (a page keeps the token it read at load, which this or another tab may have renewed).
 * Staff credentials (the API key, a staff member's token) are never touched.
 */
export function isShopperToken(token) {
  const session = shopper()
  if (!token || !session?.token) return false
  if (token === session.token) return true
  const owner = session.user?.id ?? session.guest?.id
  return Boolean(owner) && subjectOf(token) === owner
}

/** The `sub` claim of a JWT, read without verifying it (the API verifies), or undefined. */
function subjectOf(token) {
  try {
    const payload = token.split('.')[1]
    return JSON.parse(atob(payload.replaceAll('-', '+').replaceAll('_', '/'))).sub
  } catch {
    return undefined
  }
}

/**
 * Renews the shopper's session with the refresh cookie: the stored session, updated, or null when
 * the refresh was refused (the session is forgotten then). When the shop does not answer or fails
 * (network, 5xx) the session is kept and that error thrown, so the page says so instead of
 * signing the shopper out. One refresh at a time per tab; when another tab refreshed a moment
 * earlier (`superseded`), its new session is in localStorage.
 */
export function refreshShopper() {
  refreshing ??= renew().finally(() => {
    refreshing = null
  })
  return refreshing
}

async function renew(retried = false) {
  const before = shopper()
  try {
    const data = await request('/v1/auth/refresh', { method: 'POST', headers: SESSION_COOKIE })
    const session = sessionFrom(data)
    setShopper(session)
    return session
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    const now = shopper()
    if (error.details?.reason === 'superseded') {
      if (now?.token && now.token !== before?.token) return now
      if (!retried) return renew(true)
    }
    // The shop is unreachable or failing: keep the session, the next call tries again.
    if (error.status === 0 || error.status >= 500) throw error
    clearShopper()
    return null
  }
}

/** What the storefront keeps of a session answer: never the refresh token (it is a cookie). */
export function sessionFrom(data) {
  const session = { token: data.token, tokenExpiresAt: data.tokenExpiresAt }
  if (data.user) session.user = data.user
  if (data.guest) session.guest = data.guest
  return session
}

/** The name a session goes by in the header: the account's email, or the guest's. */
export function sessionLabel(session) {
  return session.user ? session.user.email : `guest, ${session.guest?.email ?? ''}`
}

const SHOPPER = 'ec.shopper'
const STAFF = 'ec.staff'

/**
 * The signed-in shopper `{token, tokenExpiresAt, user}` or guest `{token, tokenExpiresAt, guest}`,
 * or null. Kept per browser until sign-out; the refresh cookie renews its token.
 */
export function shopper() {
  return readSession(localStorage, SHOPPER)
}
export function setShopper(session) {
  localStorage.setItem(SHOPPER, JSON.stringify(session))
}
export function clearShopper() {
  localStorage.removeItem(SHOPPER)
}

/** The staff credential `{token, label}` of /admin and /ops (a JWT or the ADMIN_API_KEY), per tab. */
export function staff() {
  return readSession(sessionStorage, STAFF)
}
export function setStaff(session) {
  sessionStorage.setItem(STAFF, JSON.stringify(session))
}
export function clearStaff() {
  sessionStorage.removeItem(STAFF)
}

function readSession(storage, key) {
  try {
    return JSON.parse(storage.getItem(key) ?? 'null')
  } catch {
    return null
  }
}
