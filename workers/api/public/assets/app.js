/**
 * @module What every page shares: API calls with the error envelope, the shopper's and the staff
 * member's sessions, money, a DOM builder (text only, never HTML strings) and the status region.
 * Importing it also fills in the storefront's header (brand and cart count: the end of this file).
 */

import { BRAND } from './brand.js'
import { ApiError, request } from './http.js'
import {
  clearShopper,
  clearStaff,
  isShopperToken,
  RENEW_BEFORE_MS,
  refreshShopper,
  sessionLabel,
  shopper,
} from './session.js'

export { ApiError } from './http.js'
export {
  clearShopper,
  clearStaff,
  refreshShopper,
  SESSION_COOKIE,
  sessionFrom,
  sessionLabel,
  setShopper,
  setStaff,
  shopper,
  staff,
} from './session.js'

/**
 * Calls the API and returns its JSON. `token` is sent as a bearer token; a non-2xx answer throws
 * ApiError with the envelope's code (status 0 and `network_error` when nothing answered).
 * A shopper's call always carries the stored session's token, kept fresh: renewed shortly
 * before it expires, and on a 401 `token_expired` the session is refreshed and the call retried
 * once. When the refresh is refused the session is forgotten and a 401 `session_ended` thrown.
 */
export async function api(path, options = {}) {
  if (!isShopperToken(options.token)) return request(path, options)
  let session = shopper()
  if (Date.parse(session.tokenExpiresAt ?? '') - Date.now() < RENEW_BEFORE_MS) {
    // Renewing early: refused means signed out; the shop not answering, go on with this token.
    const renewed = await refreshShopper().catch(() => undefined)
    if (renewed === null) throw signedOut()
    session = renewed ?? session
  }
  try {
    return await request(path, { ...options, token: session.token })
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'token_expired')) throw error
    const renewed = await refreshShopper()
    if (!renewed) throw signedOut()
    return request(path, { ...options, token: renewed.token })
  }
}

const signedOut = () =>
  new ApiError(401, 'session_ended', 'You were signed out. Please sign in again.')

/** The current page's path and query, for `?next=` after signing in. */
export function here() {
  return location.pathname + location.search
}

/** Sends the shopper to sign in, coming back here afterwards. */
export function requireShopper() {
  const session = shopper()
  if (session) return session
  location.assign(`/account?next=${encodeURIComponent(here())}`)
  return null
}

/** `12.50 €` in the page's locale, from integer minor units. */
export function money(minor, currency) {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 100)
}

/**
 * The store currency. Search hits carry prices without it, so it is read once per tab from the
 * catalog (every variant carries it); EUR, the default STORE_CURRENCY, when the catalog is empty.
 */
export async function storeCurrency() {
  const known = sessionStorage.getItem('ec.currency')
  if (known) return known
  const page = await api('/v1/products?limit=1').catch(() => null)
  const currency = page?.items?.[0]?.variants?.[0]?.currency
  if (currency) sessionStorage.setItem('ec.currency', currency)
  return currency ?? 'EUR'
}

/**
 * A variant's name beside its product's: the part of the title that is not the product's own
 * (`M` for `Down Parka 3 (M)` of `Down Parka 3`), so a line does not say the product twice.
 */
export function variantLabel(productTitle, variantTitle) {
  if (!variantTitle || variantTitle === productTitle) return ''
  if (!variantTitle.startsWith(productTitle)) return variantTitle
  const rest = variantTitle
    .slice(productTitle.length)
    .replace(/^[\s,–—:/-]+/, '')
    .replace(/^\((.*)\)$/, '$1')
    .trim()
  return rest || ''
}

/**
 * An order line's title without its product named twice: checkout titles a line
 * `Product – Variant`, and a variant titled after its product made that `X – X (M)`.
 */
export function lineTitle(title) {
  const [product, variant] = title.split(' – ')
  if (variant === undefined || !product) return title
  const label = variantLabel(product, variant)
  return label ? `${product} (${label})` : product
}

/** A date and time in the page's locale, from epoch milliseconds. */
export function when(ms) {
  return ms ? new Date(ms).toLocaleString() : '—'
}

/**
 * Builds an element: `attrs` become properties (`on*` listeners, `class`, `for`, `aria-*` and
 * `data-*` attributes), children are nodes or text. Text is never parsed as HTML.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value)
    else if (name === 'class') node.className = value
    else if (
      name === 'for' ||
      name.startsWith('aria-') ||
      name.startsWith('data-') ||
      name === 'role'
    )
      node.setAttribute(name, value === true ? '' : String(value))
    else node[name] = value
  }
  node.append(...children.flat().filter((c) => c !== undefined && c !== null && c !== false))
  return node
}

/**
 * A table in a labelled region that scrolls on its own and takes keyboard focus. A heading is
 * text, or `{ text, num: true }` for a right-aligned numeric column; `rows` are `tr` elements.
 * Each data cell is labelled with its column so that on a phone the rows stack as cards
 * (`table.stack` in site.css) instead of cutting off the last columns.
 */
export function table(label, head, rows) {
  const text = (h) => (typeof h === 'string' ? h : h.text)
  const th = (h) =>
    typeof h === 'string'
      ? el('th', { scope: 'col' }, h)
      : el('th', { scope: 'col', class: h.num ? 'num' : '' }, h.text)
  for (const row of rows)
    [...row.children].forEach((cell, i) => {
      if (cell.tagName === 'TD' && head[i] && !cell.dataset.label)
        cell.dataset.label = text(head[i])
    })
  return el(
    'div',
    { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': label },
    el(
      'table',
      { class: 'stack' },
      el('thead', {}, el('tr', {}, head.map(th))),
      el('tbody', {}, rows),
    ),
  )
}

/** Replaces an element's children. */
export function show(target, ...children) {
  target.replaceChildren(...children.flat().filter((c) => c !== undefined && c !== null))
}

/** Writes a message into the page's polite status region (and marks errors as such). */
export function announce(message, kind = 'info') {
  const region = document.getElementById('status')
  if (!region) return
  region.dataset.kind = kind
  region.textContent = message
}

/**
 * Announces a failure as an error. An ended session (401) also forgets the stored credential and
 * says where to sign in again: the staff sign-in form on staff pages, the account page otherwise.
 */
export function announceFailure(prefix, error) {
  const region = document.getElementById('status')
  if (!(error instanceof ApiError && error.status === 401) || !region)
    return announce(`${prefix}${explain(error)}`, 'error')
  const signin = document.getElementById('staff-signin')
  if (signin) {
    clearStaff()
    signin.hidden = false
    const who = document.getElementById('staff-who')
    if (who) who.hidden = true
  } else {
    clearShopper()
    const link = document.getElementById('account-link')
    if (link) link.textContent = 'Sign in'
  }
  region.dataset.kind = 'error'
  show(
    region,
    signin ? `${prefix}your session has ended. ` : `${prefix}you were signed out — `,
    el(
      'a',
      { href: signin ? '#api-key' : `/account?next=${encodeURIComponent(here())}` },
      'Sign in again',
    ),
  )
}

/** A message for an ApiError a shopper can act on. */
export function explain(error) {
  if (!(error instanceof ApiError)) return String(error?.message ?? error)
  if (error.code === 'unauthorized' || error.code === 'session_ended')
    return 'Your session has ended. Please sign in again.'
  if (error.code === 'rate_limited') return 'Too many requests. Wait a moment and retry.'
  return error.message
}

/** Fills the header's account link with the shopper's name once signed in. */
export function renderAccountLink() {
  const link = document.getElementById('account-link')
  const session = shopper()
  if (link && session) link.textContent = `Account (${sessionLabel(session)})`
}

/** Runs `refresh` every `ms` while the page is visible, and at once when it becomes visible. */
export function every(ms, refresh) {
  let timer
  const start = () => {
    clearInterval(timer)
    timer = setInterval(refresh, ms)
  }
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) clearInterval(timer)
    else {
      refresh()
      start()
    }
  })
  start()
  return () => clearInterval(timer)
}

// ---------------------------------------------------------------------------------------------
// The storefront header: the brand (assets/brand.js) and the cart count. It runs on every page
// that imports this module and has the shop's navigation; staff pages keep their own header.
// Pages that change the cart call setCartCount(n) with the count the API answered, or
// refreshCartCount() to read it again.

/** The shop navigation's cart link, or null on pages without it (admin, operations). */
function cartLink() {
  return document.querySelector('.site-header nav[aria-label="Shop"] a[href="/cart"]')
}

/** Shows `count` units beside the header's cart link (nothing for an empty or unknown cart). */
export function setCartCount(count) {
  const link = cartLink()
  if (!link) return
  let badge = link.querySelector('.cart-count')
  if (!badge) {
    badge = el('span', { class: 'cart-count', 'data-testid': 'cart-count' })
    link.append(badge)
  }
  const n = Number.isInteger(count) && count > 0 ? count : 0
  badge.hidden = n === 0
  badge.dataset.count = String(n)
  // Heard as "Cart (3 items)"; seen as the number in a badge.
  show(
    badge,
    el('span', { class: 'visually-hidden' }, ' ('),
    String(n),
    el('span', { class: 'visually-hidden' }, n === 1 ? ' item)' : ' items)'),
  )
}

/** Units in a cart as the API answers it (`GET /v1/cart`, or a cart change's answer). */
export function cartUnits(cart) {
  return (cart?.items ?? []).reduce((sum, item) => sum + (Number(item.quantity) || 0), 0)
}

let cartRead = 0

/**
 * Reads the signed-in shopper's cart from the server and shows its count. Signed out, or when the
 * cart cannot be read (an ended session, no connection), the count is not shown.
 */
export async function refreshCartCount() {
  if (!cartLink()) return
  const session = shopper()
  const ticket = ++cartRead
  if (!session) return setCartCount(0)
  try {
    const cart = await api('/v1/cart', { token: session.token })
    if (ticket === cartRead) setCartCount(cartUnits(cart))
  } catch {
    if (ticket === cartRead) setCartCount(0)
  }
}

/** The brand's name and mark in the shop header, the brand's name at the end of the title. */
function renderBrand() {
  const brand = document.querySelector('.site-header nav[aria-label="Shop"]')
    ? document.querySelector('.site-header a.brand')
    : null
  if (brand)
    show(
      brand,
      el('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
      el('span', { class: 'brand-name' }, BRAND.name),
    )
  const [page] = document.title.split(' · ')
  if (brand && page && page !== BRAND.name) document.title = `${page} · ${BRAND.name}`
}

function initShopHeader() {
  renderBrand()
  refreshCartCount()
  // Back from another page (the back-forward cache keeps the old count), or another tab changed
  // the cart or signed in or out.
  addEventListener('pageshow', (event) => {
    if (event.persisted) refreshCartCount()
  })
  addEventListener('storage', (event) => {
    if (event.key === SHOPPER) refreshCartCount()
  })
}

if (typeof document !== 'undefined' && document.querySelector('.site-header')) initShopHeader()
