/**
 * @module The cart page and checkout. Checkout posts {fromCart: true} with an Idempotency-Key made
 * once per attempt and kept until the shop gives a final answer, so a retry after a lost answer
 * or a timeout finds the same order instead of placing a second one.
 */
import {
  ApiError,
  announce,
  api,
  el,
  explain,
  money,
  renderAccountLink,
  requireShopper,
  show,
} from './app.js'
import { lineHint } from './cart-lines.js'

const ATTEMPT = 'ec.checkout-attempt'
const session = requireShopper()
const placeButton = document.getElementById('place-order')

renderAccountLink()
if (session) {
  load()
  placeButton.addEventListener('click', placeOrder)
}

async function load() {
  try {
    render(await api('/v1/cart', { token: session.token }))
  } catch (error) {
    announce(`The cart could not be loaded: ${explain(error)}`, 'error')
  }
}

function render(cart) {
  const target = document.getElementById('cart')
  document.getElementById('checkout').hidden = cart.items.length === 0
  if (cart.items.length === 0) {
    show(target, el('p', {}, 'Your cart is empty. ', el('a', { href: '/' }, 'Find something')))
    return
  }
  const rows = cart.items.map((item, i) => {
    const hint = lineHint(item.sku)
    const quantity = el('input', {
      id: `qty-${i}`,
      type: 'number',
      min: 1,
      max: 100,
      value: item.quantity,
      inputMode: 'numeric',
    })
    return el(
      'tr',
      {},
      el(
        'th',
        { scope: 'row' },
        hint
          ? el('a', { href: `/product?id=${encodeURIComponent(hint.productId)}` }, hint.title)
          : item.sku,
        el('div', { class: 'meta' }, `SKU ${item.sku}`),
      ),
      el('td', { class: 'num' }, hint ? money(hint.priceMinor, hint.currency) : '—'),
      el(
        'td',
        {},
        el('label', { class: 'visually-hidden', for: `qty-${i}` }, `Quantity of ${item.sku}`),
        quantity,
      ),
      el(
        'td',
        {},
        el(
          'div',
          { class: 'actions' },
          el(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () => change(item.sku, Number(quantity.value)),
            },
            'Update',
            el('span', { class: 'visually-hidden' }, ` ${item.sku}`),
          ),
          el(
            'button',
            { type: 'button', class: 'secondary', onclick: () => remove(item.sku) },
            'Remove',
            el('span', { class: 'visually-hidden' }, ` ${item.sku}`),
          ),
        ),
      ),
    )
  })
  show(
    target,
    el(
      'div',
      { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Cart lines' },
      el(
        'table',
        {},
        el('caption', { class: 'visually-hidden' }, 'Items in your cart'),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, 'Item'),
            el('th', { scope: 'col', class: 'num' }, 'Last seen price'),
            el('th', { scope: 'col' }, 'Quantity'),
            el('th', { scope: 'col' }, 'Actions'),
          ),
        ),
        el('tbody', {}, rows),
      ),
    ),
  )
}

async function change(sku, quantity) {
  if (!Number.isInteger(quantity) || quantity < 1) return announce('Enter at least 1.', 'error')
  try {
    render(
      await api(`/v1/cart/items/${encodeURIComponent(sku)}`, {
        method: 'PUT',
        token: session.token,
        body: { quantity },
      }),
    )
    announce(`Quantity of ${sku} set to ${quantity}.`, 'ok')
  } catch (error) {
    announce(`Not changed: ${explain(error)}`, 'error')
  }
}

async function remove(sku) {
  try {
    render(
      await api(`/v1/cart/items/${encodeURIComponent(sku)}`, {
        method: 'DELETE',
        token: session.token,
      }),
    )
    announce(`${sku} removed.`, 'ok')
  } catch (error) {
    announce(`Not removed: ${explain(error)}`, 'error')
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

async function placeOrder() {
  placeButton.disabled = true
  announce('Placing your order…')
  try {
    const order = await api('/v1/orders', {
      method: 'POST',
      token: session.token,
      headers: { 'Idempotency-Key': attemptKey() },
      body: { fromCart: true },
    })
    sessionStorage.removeItem(ATTEMPT)
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
  if (retryable(error))
    return `${explain(error)} Press “Place order” again: it will not order twice.`
  return `The order was not placed: ${explain(error)}`
}
