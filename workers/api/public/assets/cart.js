/**
 * @module The cart page. Every line and every figure is the server's (GET /v1/cart prices the cart
 * as checkout will: each line's price, stock and problem, the shipping methods for the address,
 * discounts, tax and total); the page remembers only the shopper's choices. The checkout form is
 * checkout.js.
 */
import {
  announce,
  announceFailure,
  api,
  el,
  money,
  renderAccountLink,
  requireShopper,
  show,
  table,
  variantLabel,
} from './app.js'
import {
  choices,
  offerSavedAddresses,
  placeOrder,
  pricingQuery,
  renderPricing,
} from './checkout.js'

const session = requireShopper()
const placeButton = document.getElementById('place-order')
const form = document.getElementById('checkout-form')

renderAccountLink()
if (session) {
  if (session.user?.email) document.getElementById('email').value = session.user.email
  load()
  offerSavedAddresses(session, () => load())
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    placeOrder(session, placeButton)
  })
  for (const id of ['country', 'region'])
    document.getElementById(id).addEventListener('change', () => load())
  document.getElementById('apply-code').addEventListener('click', applyCode)
  document.getElementById('discount-code').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault()
      applyCode()
    }
  })
}

async function applyCode() {
  const input = document.getElementById('discount-code')
  const code = input.value.trim().toUpperCase()
  if (!code) return announce('Enter a code.', 'error')
  if (!choices.codes.includes(code)) choices.codes.push(code)
  const refused = await load()
  const own = refused?.find((r) => r.value === code)
  if (own) announce(`${code} cannot be used: ${own.code.replaceAll('_', ' ')}.`, 'error')
  else if (refused) {
    input.value = ''
    announce(`${code} applied.`, 'ok')
  }
}

/** The cart priced for the current choices; the refused codes, or undefined when it failed. */
async function load() {
  try {
    const cart = await api(`/v1/cart?${pricingQuery()}`, { token: session.token })
    return render(cart)
  } catch (error) {
    announceFailure('The cart could not be loaded: ', error)
  }
}

let latest = 0

function render(cart) {
  // Only the latest answer draws, so a slower earlier one cannot bring back a line removed since.
  const ticket = ++latest
  const target = document.getElementById('cart')
  if (cart.items.length === 0) {
    document.getElementById('checkout').hidden = true
    show(target, el('p', {}, 'Your cart is empty. ', el('a', { href: '/' }, 'Find something')))
    return []
  }
  const currency = cart.totals?.currency
  const problems = cart.lines.map(problemOf).filter(Boolean)
  show(
    target,
    table(
      'Cart lines',
      [
        'Item',
        { text: 'Price', num: true },
        'Quantity',
        { text: 'Line total', num: true },
        'Stock',
        'Actions',
      ],
      cart.lines.map((line, i) => row(line, i, currency)),
    ),
  )
  document.getElementById('checkout').hidden = false
  const notice = document.getElementById('cart-problems')
  notice.hidden = problems.length === 0
  show(
    notice,
    problems.length
      ? el(
          'ul',
          {},
          problems.map((p) => el('li', {}, p)),
        )
      : null,
  )
  // Checkout would refuse these lines anyway: say so now and let the shopper fix them first.
  placeButton.disabled = problems.length > 0 || !cart.totals
  return renderPricing(cart, () => ticket === latest && load())
}

/** The product's name with the variant's where it adds something: `Lamp (S)`. */
function lineName(line) {
  if (!line.productTitle) return line.sku
  const label = variantLabel(line.productTitle, line.variantTitle)
  return label ? `${line.productTitle} (${label})` : line.productTitle
}

/** What stops a line from being ordered as it is, in a sentence, or null. */
function problemOf(line) {
  const name = lineName(line)
  if (line.problem === 'insufficient_stock')
    return line.available <= 0
      ? `${name} is out of stock: remove it.`
      : `Only ${line.available} of ${name} available: lower the quantity to ${line.available} or less.`
  if (line.problem) return `${name} is no longer sold: remove it.`
  return null
}

function row(line, i, currency) {
  const { sku } = line
  const quantity = el('input', {
    id: `qty-${i}`,
    type: 'number',
    min: 1,
    // The API holds at most 10 units of a SKU in a cart line (the shopper's holding limits).
    max: 10,
    value: line.quantity,
    inputMode: 'numeric',
  })
  const sold = line.unitPriceMinor !== null && currency
  const label = line.productTitle ? variantLabel(line.productTitle, line.variantTitle) : ''
  const stock =
    line.available === null
      ? '—'
      : line.available <= 0
        ? 'Out of stock'
        : line.problem === 'insufficient_stock'
          ? `Only ${line.available} available`
          : `${line.available} in stock`
  return el(
    'tr',
    { 'data-sku': sku },
    el(
      'th',
      { scope: 'row' },
      line.productId
        ? el('a', { href: `/product?id=${encodeURIComponent(line.productId)}` }, line.productTitle)
        : el('span', { class: 'warning' }, 'No longer sold'),
      label ? el('div', {}, label) : null,
      el('div', { class: 'meta' }, `SKU ${sku}`),
    ),
    el('td', { class: 'num' }, sold ? money(line.unitPriceMinor, currency) : '—'),
    el(
      'td',
      {},
      el('label', { class: 'visually-hidden', for: `qty-${i}` }, `Quantity of ${sku}`),
      quantity,
    ),
    el('td', { class: 'num' }, sold ? money(line.unitPriceMinor * line.quantity, currency) : '—'),
    el('td', { class: line.problem ? 'warning' : 'in-stock' }, stock),
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
            onclick: () => change(sku, Number(quantity.value)),
          },
          'Update',
          el('span', { class: 'visually-hidden' }, ` ${sku}`),
        ),
        el(
          'button',
          { type: 'button', class: 'secondary', onclick: () => remove(sku) },
          'Remove',
          el('span', { class: 'visually-hidden' }, ` ${sku}`),
        ),
      ),
    ),
  )
}

async function change(sku, quantity) {
  if (!Number.isInteger(quantity) || quantity < 1) return announce('Enter at least 1.', 'error')
  try {
    await api(`/v1/cart/items/${encodeURIComponent(sku)}`, {
      method: 'PUT',
      token: session.token,
      body: { quantity },
    })
    await load()
    announce(`Quantity of ${sku} set to ${quantity}.`, 'ok')
  } catch (error) {
    announceFailure('Not changed: ', error)
  }
}

async function remove(sku) {
  try {
    await api(`/v1/cart/items/${encodeURIComponent(sku)}`, {
      method: 'DELETE',
      token: session.token,
    })
    await load()
    announce(`${sku} removed.`, 'ok')
  } catch (error) {
    announceFailure('Not removed: ', error)
  }
}
