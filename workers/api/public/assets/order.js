/**
 * @module One order (GET /v1/orders/:id): its lines, the breakdown it was placed with (from the
 * API's `totals`, never recomputed here), its shipping address, total and status, refreshed while
 * it awaits payment; links to the test payment page, and cancels.
 */
import {
  announce,
  api,
  el,
  every,
  explain,
  lineTitle,
  money,
  renderAccountLink,
  requireShopper,
  show,
  table,
  when,
} from './app.js'
import { statusLabel } from './order-status.js'

const REFRESH_MS = 5_000
const id = new URLSearchParams(location.search).get('id') ?? ''
const session = requireShopper()
let shown = ''

renderAccountLink()
if (session) {
  load()
  every(REFRESH_MS, () => shown === 'pending_payment' && load())
}

async function load() {
  try {
    render(await api(`/v1/orders/${encodeURIComponent(id)}`, { token: session.token }))
  } catch (error) {
    announce(`The order could not be loaded: ${explain(error)}`, 'error')
  }
}

function render(order) {
  document.getElementById('order-title').textContent = `Order ${order.id.slice(0, 8)}`
  if (shown && shown !== order.status)
    announce(`The order is now: ${statusLabel(order.status)}.`, 'ok')
  shown = order.status
  show(
    document.getElementById('order'),
    el(
      'dl',
      { class: 'figures' },
      figure('Status', el('span', { id: 'order-status' }, statusLabel(order.status))),
      figure('Total', money(order.totalMinor, order.currency)),
      figure('Placed', when(order.createdAt)),
      order.status === 'pending_payment' ? figure('Held until', when(order.expiresAt)) : null,
    ),
    table(
      'Order lines',
      [
        'Item',
        { text: 'Unit price', num: true },
        { text: 'Quantity', num: true },
        { text: 'Line total', num: true },
      ],
      order.lines.map((line) =>
        el(
          'tr',
          {},
          el(
            'th',
            { scope: 'row' },
            lineTitle(line.title),
            el('div', { class: 'meta' }, `SKU ${line.sku}`),
          ),
          el('td', { class: 'num' }, money(line.unitPriceMinor, order.currency)),
          el('td', { class: 'num' }, String(line.quantity)),
          el('td', { class: 'num' }, money(line.lineTotalMinor, order.currency)),
        ),
      ),
    ),
    order.totals ? breakdown(order.totals) : null,
    order.shippingAddress ? addressBlock('Shipping address', order.shippingAddress) : null,
    order.status === 'pending_payment'
      ? el(
          'div',
          { class: 'actions' },
          el(
            'a',
            { class: 'button', href: `/pay?order=${encodeURIComponent(order.id)}` },
            'Pay now (test payment)',
          ),
          el(
            'button',
            { type: 'button', class: 'secondary', onclick: () => cancel(order) },
            'Cancel order',
          ),
        )
      : null,
    el('p', {}, el('a', { href: '/orders' }, 'All your orders')),
  )
}

/**
 * The order's breakdown as the API stored it. With tax-inclusive prices the rows add up without
 * the tax (it is inside the prices and shipping); otherwise shipping is shown net and tax added.
 */
function breakdown(t) {
  const row = (label, minor, id) => [
    el('dt', {}, label),
    el('dd', { class: 'num', id }, money(minor, t.currency)),
  ]
  const shipping = t.shipping
    ? t.pricesIncludeTax
      ? t.shipping.grossMinor
      : t.shipping.netMinor
    : null
  return el(
    'dl',
    { class: 'totals', id: 'order-totals', 'data-prices-include-tax': String(t.pricesIncludeTax) },
    ...row('Subtotal', t.subtotalMinor, 'order-subtotal'),
    ...t.discounts.flatMap((d) =>
      row(d.code ? `Discount ${d.code}` : 'Promotion', -d.amountMinor, `order-discount-${d.id}`),
    ),
    ...(t.shipping ? row(`Shipping: ${t.shipping.name}`, shipping, 'order-shipping') : []),
    ...row(t.pricesIncludeTax ? 'Tax included' : 'Tax', t.taxMinor, 'order-tax'),
    ...row('Total', t.totalMinor, 'order-total'),
  )
}

function addressBlock(title, a) {
  const lines = [
    a.name,
    a.company,
    a.line1,
    a.line2,
    [a.postalCode, a.city].filter(Boolean).join(' '),
    [a.region, a.country].filter(Boolean).join(' '),
  ].filter(Boolean)
  return el(
    'section',
    { id: 'order-address' },
    el('h2', {}, title),
    el('address', {}, ...lines.flatMap((l, i) => (i ? [el('br'), l] : [l]))),
  )
}

function figure(label, value) {
  return el('div', {}, el('dt', {}, label), el('dd', {}, value))
}

async function cancel(order) {
  if (!confirm('Cancel this order and release its items?')) return
  try {
    render(
      await api(`/v1/orders/${encodeURIComponent(order.id)}/cancel`, {
        method: 'POST',
        token: session.token,
      }),
    )
  } catch (error) {
    announce(`Not cancelled: ${explain(error)}`, 'error')
  }
}
