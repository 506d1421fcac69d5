/**
 * @module The cart page and checkout. Every line is shown as the server knows it now: the cart's
 * SKUs and quantities (GET /v1/cart), their names and prices from the catalog (GET /v1/variants)
 * and their stock (GET /v1/inventory/:sku), with a warning where the quantity exceeds the stock.
 * Placing the order is checkout.js.
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
import { placeOrder } from './checkout.js'

const session = requireShopper()
const placeButton = document.getElementById('place-order')

renderAccountLink()
if (session) {
  load()
  placeButton.addEventListener('click', () => placeOrder(session, placeButton))
}

async function load() {
  try {
    await render(await api('/v1/cart', { token: session.token }))
  } catch (error) {
    announceFailure('The cart could not be loaded: ', error)
  }
}

/** The catalog's variant and the stock of each SKU of the cart, looked up together. */
async function lookUp(items) {
  const query = new URLSearchParams(items.map((item) => ['sku', item.sku]))
  const [variants, ...stock] = await Promise.all([
    api(`/v1/variants?${query}`),
    ...items.map((item) =>
      api(`/v1/inventory/${encodeURIComponent(item.sku)}`).catch(() => ({
        sku: item.sku,
        available: null,
      })),
    ),
  ])
  const bySku = new Map(variants.items.map((v) => [v.sku.toUpperCase(), v]))
  return items.map((item, i) => ({
    ...item,
    variant: bySku.get(item.sku.toUpperCase()),
    available: stock[i].available,
  }))
}

let latest = 0

async function render(cart) {
  // Each change answers with the whole cart, and looking its lines up takes a moment: only the
  // latest answer draws, so a slower earlier one cannot bring back a line removed since.
  const ticket = ++latest
  const target = document.getElementById('cart')
  if (cart.items.length === 0) {
    document.getElementById('checkout').hidden = true
    show(target, el('p', {}, 'Your cart is empty. ', el('a', { href: '/' }, 'Find something')))
    return
  }
  const lines = await lookUp(cart.items)
  if (ticket !== latest) return
  const problems = lines.map(problemOf).filter(Boolean)
  const rows = lines.map((line, i) => row(line, i))
  const currency = lines.find((l) => l.variant)?.variant.currency
  const total = lines.reduce(
    (sum, l) => sum + (l.variant ? l.variant.priceMinor * l.quantity : 0),
    0,
  )
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
      rows,
    ),
    currency
      ? el('p', { class: 'price', id: 'cart-total' }, `Total: ${money(total, currency)}`)
      : null,
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
  placeButton.disabled = problems.length > 0
}

/** What stops a line from being ordered as it is, in a sentence, or null. */
function problemOf(line) {
  const name = line.variant ? lineName(line.variant) : line.sku
  if (!line.variant) return `${name} is no longer sold: remove it.`
  if (line.available === null) return null
  if (line.available <= 0) return `${name} is out of stock: remove it.`
  if (line.quantity > line.available)
    return `Only ${line.available} of ${name} available: lower the quantity to ${line.available} or less.`
  return null
}

function lineName(variant) {
  const label = variantLabel(variant.productTitle, variant.title)
  return label ? `${variant.productTitle} (${label})` : variant.productTitle
}

function row(line, i) {
  const { variant, sku } = line
  const quantity = el('input', {
    id: `qty-${i}`,
    type: 'number',
    min: 1,
    // The API holds at most 10 units of a SKU in a cart line (the shopper's holding limits).
    max: 10,
    value: line.quantity,
    inputMode: 'numeric',
  })
  const label = variant ? variantLabel(variant.productTitle, variant.title) : ''
  const stock =
    line.available === null
      ? 'Unknown right now'
      : line.available <= 0
        ? 'Out of stock'
        : line.quantity > line.available
          ? `Only ${line.available} available`
          : `${line.available} in stock`
  const short = line.available !== null && (line.available <= 0 || line.quantity > line.available)
  return el(
    'tr',
    { 'data-sku': sku },
    el(
      'th',
      { scope: 'row' },
      variant
        ? el(
            'a',
            { href: `/product?id=${encodeURIComponent(variant.productId)}` },
            variant.productTitle,
          )
        : el('span', { class: 'warning' }, 'No longer sold'),
      label ? el('div', {}, label) : null,
      el('div', { class: 'meta' }, `SKU ${sku}`),
    ),
    el('td', { class: 'num' }, variant ? money(variant.priceMinor, variant.currency) : '—'),
    el(
      'td',
      {},
      el('label', { class: 'visually-hidden', for: `qty-${i}` }, `Quantity of ${sku}`),
      quantity,
    ),
    el(
      'td',
      { class: 'num' },
      variant ? money(variant.priceMinor * line.quantity, variant.currency) : '—',
    ),
    el('td', { class: short || !variant ? 'warning' : 'in-stock' }, variant ? stock : '—'),
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
    await render(
      await api(`/v1/cart/items/${encodeURIComponent(sku)}`, {
        method: 'PUT',
        token: session.token,
        body: { quantity },
      }),
    )
    announce(`Quantity of ${sku} set to ${quantity}.`, 'ok')
  } catch (error) {
    announceFailure('Not changed: ', error)
  }
}

async function remove(sku) {
  try {
    await render(
      await api(`/v1/cart/items/${encodeURIComponent(sku)}`, {
        method: 'DELETE',
        token: session.token,
      }),
    )
    announce(`${sku} removed.`, 'ok')
  } catch (error) {
    announceFailure('Not removed: ', error)
  }
}
