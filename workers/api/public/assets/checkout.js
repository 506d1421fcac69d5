/**
 * @module The checkout form of the cart page: contact, shipping address, the shipping methods the
 * API quotes for the address, discount codes and the totals, all as GET /v1/cart prices them (the
 * same code that prices the order). Placing posts {fromCart: true, …} with an Idempotency-Key made
 * once per attempt and kept until the shop gives a final answer, so a retry after a lost answer
 * finds the same order instead of placing a second one. A signed-in account also picks from its
 * saved addresses (GET /v1/me/addresses) and may save the address of a placed order; for a guest
 * (403 there) both stay hidden.
 */
import { ApiError, announce, api, el, explain, money, show } from './app.js'

const ATTEMPT = 'ec.checkout-attempt'
const form = document.getElementById('checkout-form')
const field = (id) => document.getElementById(id)

/** What the cart is priced for: the country and region typed, the method chosen, the codes applied. */
export const choices = { codes: [], methodId: null }

/** The query of GET /v1/cart for the current choices. */
export function pricingQuery() {
  const query = new URLSearchParams()
  const country = field('country').value
  const region = field('region').value.trim()
  if (country) query.set('country', country)
  if (country && region) query.set('region', region)
  if (country && choices.methodId) query.set('shippingMethodId', choices.methodId)
  if (choices.codes.length) query.set('codes', choices.codes.join(','))
  return query.toString()
}

/**
 * Draws the shipping methods, the codes and the totals of a priced cart; `reprice` asks for the
 * cart again after a choice changes. Returns the codes the API refused (already dropped).
 */
export function renderPricing(cart, reprice) {
  const refusedCodes = cart.refused.filter((r) => r.field === 'discountCodes')
  choices.codes = choices.codes.filter((c) => !refusedCodes.some((r) => r.value === c))
  const methods = cart.shippingMethods
  if (!methods.some((m) => m.methodId === choices.methodId)) {
    const before = choices.methodId
    choices.methodId = methods[0]?.methodId ?? null
    // A method is chosen for the shopper (the cheapest): price the cart with it.
    if (choices.methodId && choices.methodId !== before) {
      reprice()
      return refusedCodes
    }
  }
  const currency = cart.totals?.currency
  show(
    field('shipping-methods'),
    !field('country').value
      ? el('p', { class: 'meta' }, 'Choose a country to see the shipping methods.')
      : methods.length === 0
        ? el('p', { class: 'warning' }, 'We do not ship these items to this country.')
        : methods.map((m) =>
            el(
              'label',
              { class: 'choice' },
              el('input', {
                type: 'radio',
                name: 'shipping-method',
                value: m.methodId,
                checked: m.methodId === choices.methodId,
                onchange: () => {
                  choices.methodId = m.methodId
                  reprice()
                },
              }),
              ` ${m.name} — ${money(m.amountMinor, currency)}`,
            ),
          ),
  )
  show(
    field('applied-codes'),
    choices.codes.map((code) =>
      el(
        'span',
        { class: 'meta' },
        `${code} applied `,
        el(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () => {
              choices.codes = choices.codes.filter((c) => c !== code)
              reprice()
            },
          },
          `Remove ${code}`,
        ),
      ),
    ),
  )
  show(field('totals'), cart.totals ? totalsList(cart.totals) : null)
  return refusedCodes
}

function totalsList(t) {
  const row = (label, minor, id) => [
    el('dt', {}, label),
    el('dd', { class: 'num', id }, money(minor, t.currency)),
  ]
  return el(
    'dl',
    { class: 'totals', id: 'checkout-totals' },
    ...row('Subtotal', t.subtotalMinor, 'total-subtotal'),
    ...t.discounts.flatMap((d) =>
      row(d.code ? `Discount ${d.code}` : 'Promotion', -d.amountMinor, `total-discount-${d.id}`),
    ),
    // With tax added, shipping shows net and the tax row holds its tax, so the rows add up.
    ...(t.shipping
      ? row(
          `Shipping: ${t.shipping.name}`,
          t.pricesIncludeTax ? t.shipping.grossMinor : t.shipping.netMinor,
          'total-shipping',
        )
      : []),
    ...row(t.pricesIncludeTax ? 'Tax included' : 'Tax', t.taxMinor, 'total-tax'),
    ...row('Total', t.totalMinor, 'total-due'),
  )
}

const ADDRESS_FIELDS = ['name', 'line1', 'line2', 'city', 'postalCode', 'region', 'country']

/**
 * Offers the account's saved addresses; choosing one fills the address fields and calls
 * `changed` (to price the cart for its country). A guest or a failed read shows nothing.
 */
export async function offerSavedAddresses(session, changed) {
  if (!session.user) return
  let items
  try {
    ;({ items } = await api('/v1/me/addresses', { token: session.token }))
  } catch {
    return
  }
  field('save-address-row').hidden = false
  if (items.length === 0) return
  const select = field('saved-address')
  for (const saved of items) {
    const a = saved.address
    const text = `${saved.label ? `${saved.label}: ` : ''}${a.name}, ${a.line1}, ${a.city} ${a.country}`
    select.append(el('option', { value: saved.id }, text))
  }
  select.addEventListener('change', () => {
    const saved = items.find((s) => s.id === select.value)
    if (!saved) return
    for (const id of ADDRESS_FIELDS) field(id).value = saved.address[id] ?? ''
    field('save-address').checked = false
    changed()
  })
  field('saved-addresses').hidden = false
  const preferred = items.find((s) => s.isDefault)
  if (preferred && !field('line1').value) {
    select.value = preferred.id
    select.dispatchEvent(new Event('change'))
  }
}

/** Saves the placed order's address when asked; the order stands whatever this answers. */
async function saveAddress(session, address) {
  if (!field('save-address').checked) return
  try {
    await api('/v1/me/addresses', { method: 'POST', token: session.token, body: { address } })
  } catch {
    // The order is placed; an address that could not be saved (10 kept already) is no failure.
  }
}

/** The key of the checkout attempt in progress, or a new one. */
function attemptKey() {
  let key = sessionStorage.getItem(ATTEMPT)
  if (!key) {
    key = `web-${crypto.randomUUID()}`
    sessionStorage.setItem(ATTEMPT, key)
  }
  return key
}

/** The checkout body from the form; null (and the first empty field focused) when incomplete. */
function details() {
  const missing = [...form.querySelectorAll('[required]')].find((i) => !i.value.trim())
  if (missing) {
    missing.focus()
    announce(`Fill in ${form.querySelector(`label[for="${missing.id}"]`).textContent}.`, 'error')
    return null
  }
  const text = (id) => field(id).value.trim() || undefined
  const address = {
    name: text('name'),
    line1: text('line1'),
    line2: text('line2'),
    city: text('city'),
    postalCode: text('postalCode'),
    region: text('region'),
    country: text('country'),
  }
  return {
    fromCart: true,
    contact: { email: text('email'), phone: text('phone') },
    shippingAddress: address,
    ...(choices.methodId ? { shippingMethodId: choices.methodId } : {}),
    ...(choices.codes.length ? { discountCodes: choices.codes } : {}),
  }
}

/** Places the order from the cart with the form's details, then opens it. */
export async function placeOrder(session, placeButton) {
  const body = details()
  if (!body) return
  placeButton.disabled = true
  announce('Placing your order…')
  try {
    const order = await api('/v1/orders', {
      method: 'POST',
      token: session.token,
      headers: { 'Idempotency-Key': attemptKey() },
      body,
    })
    sessionStorage.removeItem(ATTEMPT)
    await saveAddress(session, body.shippingAddress)
    location.assign(`/order?id=${encodeURIComponent(order.id)}`)
  } catch (error) {
    placeButton.disabled = false
    if (!retryable(error)) sessionStorage.removeItem(ATTEMPT)
    announce(checkoutMessage(error), 'error')
  }
}

/**
 * Whether the same attempt may be sent again: nothing answered, the shop was busy or failing.
 * A definite refusal (stock, validation) ends the attempt: the key would only replay it.
 */
function retryable(error) {
  return (
    !(error instanceof ApiError) ||
    error.status === 0 ||
    error.status === 429 ||
    error.status >= 500
  )
}

function checkoutMessage(error) {
  if (error instanceof ApiError && error.code === 'insufficient_stock') {
    const short = (error.details ?? [])
      .map((s) => `${s.sku} (${s.available ?? 0} left, ${s.requested ?? '?'} wanted)`)
      .join(', ')
    return `Not enough stock${short ? `: ${short}` : ''}. Change the cart and try again.`
  }
  if (
    error instanceof ApiError &&
    error.code === 'validation_failed' &&
    Array.isArray(error.details)
  )
    return `Check the form: ${error.details.map((d) => `${d.path ?? ''} ${d.message ?? ''}`.trim()).join('; ')}.`
  if (retryable(error))
    return `${explain(error)} Press “Place order” again: it will not order twice.`
  return `The order was not placed: ${explain(error)}`
}
