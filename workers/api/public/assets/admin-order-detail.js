/**
 * @module The admin order page (#order/<id>): customer, addresses, shipping, lines, the totals
 * breakdown, payment, refunds, the timeline, and a partial-refund form by line or by amount.
 * A refund id is made when the form is drawn and kept until the refund is answered, so sending
 * again after a lost answer repeats the same refund instead of making a second one.
 */

import { statusText } from './admin-orders.js'
import { adminApi, details } from './admin-shared.js'
import { announce, el, explain, money, show, table, when } from './app.js'
import { MoneyInputError, parseMoney } from './money-input.js'

const EVENT_LABELS = {
  'order.placed': 'Placed',
  'order.paid': 'Paid',
  'order.fulfilled': 'Shipped',
  'order.cancelled': 'Cancelled',
  'order.expired': 'Expired',
  'order.refunded': 'Refunded',
}

/** Loads and draws the order; the heading takes focus so screen readers start there. */
export async function showOrder(id) {
  const target = document.getElementById('order-detail')
  const heading = document.getElementById('order-heading')
  heading.textContent = `Order ${id.slice(0, 12)}`
  show(target, el('p', { class: 'meta' }, 'Loading…'))
  try {
    const detail = await adminApi(`/v1/admin/orders/${encodeURIComponent(id)}`)
    show(target, ...render(detail))
    heading.focus()
  } catch (error) {
    show(target, el('p', {}, `This order could not be loaded: ${explain(error)}`))
  }
}

function render({ order, customer, timeline, source }) {
  const m = (minor) => money(minor, order.currency)
  const refunded = order.refundedMinor ?? 0
  return [
    el(
      'dl',
      { class: 'facts' },
      fact('Status', statusText(order)),
      fact('Placed', when(order.createdAt)),
      fact('Customer', customer.email ?? '—', el('br'), el('code', {}, customer.userId)),
      fact('Phone', order.contact?.phone ?? '—'),
      fact('Payment', order.paymentId ? el('code', {}, order.paymentId) : 'Not paid'),
      fact('Paid', order.paymentId ? m(order.totalMinor) : '—'),
      fact('Refunded', refunded ? m(refunded) : '—'),
      fact('Shipping method', order.totals?.shipping?.name ?? '—'),
      fact('Shipping address', address(order.shippingAddress)),
      fact('Billing address', address(order.billingAddress ?? order.shippingAddress)),
      fact('Held by', source === 'live' ? 'The shopper’s object (live)' : 'The archive (retired)'),
    ),
    el('h3', {}, 'Lines'),
    linesTable(order),
    el('h3', {}, 'Totals'),
    breakdown(order),
    actions(order),
    order.refunds?.length ? [el('h3', {}, 'Refunds'), refundsTable(order)] : null,
    el('h3', {}, 'Timeline'),
    el(
      'ol',
      { class: 'timeline' },
      timeline.map((t) =>
        el(
          'li',
          {},
          el('strong', {}, EVENT_LABELS[t.type] ?? t.type),
          t.detail?.amountMinor !== undefined ? ` ${m(t.detail.amountMinor)}` : '',
          t.detail?.refundId ? ` (refund ${t.detail.refundId})` : '',
          el('time', { dateTime: new Date(t.at).toISOString() }, when(t.at)),
        ),
      ),
    ),
  ]
}

function fact(term, ...value) {
  return el('div', {}, el('dt', {}, term), el('dd', {}, ...value))
}

/** An address as lines, whatever fields it has; known ones first. */
function address(a) {
  if (!a || typeof a !== 'object') return '—'
  const order = ['name', 'company', 'line1', 'line2', 'postalCode', 'city', 'region', 'country']
  const keys = [...order.filter((k) => k in a), ...Object.keys(a).filter((k) => !order.includes(k))]
  const text = keys
    .map((k) => a[k])
    .filter((v) => typeof v === 'string' && v)
    .join('\n')
  return el('address', { class: 'address' }, text || '—')
}

function refundedUnits(order, sku) {
  let n = 0
  for (const r of order.refunds ?? []) for (const l of r.lines) if (l.sku === sku) n += l.quantity
  return n
}

function linesTable(order) {
  const priced = (sku) => order.totals?.lines?.find((l) => l.sku === sku)
  return table(
    'Order lines',
    [
      'SKU',
      'Item',
      { text: 'Qty', num: true },
      { text: 'Unit price', num: true },
      { text: 'Line total', num: true },
      { text: 'Refunded units', num: true },
    ],
    order.lines.map((l) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, el('code', {}, l.sku)),
        el('td', {}, l.title),
        el('td', { class: 'num' }, String(l.quantity)),
        el('td', { class: 'num' }, money(l.unitPriceMinor, order.currency)),
        el(
          'td',
          { class: 'num' },
          money(priced(l.sku)?.grossMinor ?? l.lineTotalMinor, order.currency),
        ),
        el('td', { class: 'num' }, String(refundedUnits(order, l.sku))),
      ),
    ),
  )
}

/** Subtotal, discounts, shipping, tax and total (from the order's totals when it has them). */
function breakdown(order) {
  const m = (minor) => money(minor, order.currency)
  const t = order.totals
  const row = (label, value, cls) =>
    el('tr', { class: cls }, el('th', { scope: 'row' }, label), el('td', {}, value))
  const rows = t
    ? [
        row('Subtotal', m(t.subtotalMinor)),
        ...(t.discounts ?? []).map((d) =>
          row(`Discount${d.code ? ` ${d.code}` : ''}`, `−${m(d.amountMinor)}`),
        ),
        // With tax added, shipping shows net and the tax row holds its tax, so the rows add up.
        t.shipping
          ? row(
              `Shipping (${t.shipping.name})`,
              m(t.pricesIncludeTax ? t.shipping.grossMinor : t.shipping.netMinor),
            )
          : null,
        row(t.pricesIncludeTax ? 'Tax included' : 'Tax', m(t.taxMinor)),
      ]
    : [row('Lines', m(order.lines.reduce((n, l) => n + l.lineTotalMinor, 0)))]
  const refunded = order.refundedMinor ?? 0
  rows.push(row('Total', m(order.totalMinor), 'total'))
  if (refunded) {
    rows.push(row('Refunded', `−${m(refunded)}`))
    rows.push(row('Kept', m(order.totalMinor - refunded), 'total'))
  }
  return el(
    'div',
    {
      class: 'table-wrap breakdown',
      tabindex: 0,
      role: 'region',
      'aria-label': 'Totals breakdown',
    },
    el('table', {}, el('tbody', {}, rows)),
  )
}

function refundsTable(order) {
  return table(
    'Refunds',
    ['Refund', 'When', { text: 'Amount', num: true }, 'Units', 'Reason'],
    order.refunds.map((r) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, el('code', {}, r.id)),
        el('td', {}, when(r.createdAt)),
        el('td', { class: 'num' }, money(r.amountMinor, order.currency)),
        el('td', {}, r.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ') || 'By amount'),
        el('td', {}, r.reason ?? '—'),
      ),
    ),
  )
}

/** Fulfil and the partial-refund form, when the order allows them. */
function actions(order) {
  const parts = []
  if (order.status === 'paid')
    parts.push(
      el(
        'p',
        { class: 'actions' },
        el(
          'button',
          { type: 'button', class: 'secondary', onclick: () => change(order, 'fulfil') },
          'Mark as shipped',
        ),
      ),
    )
  const left = order.totalMinor - (order.refundedMinor ?? 0)
  if (['paid', 'fulfilled'].includes(order.status) && left > 0) parts.push(refundForm(order, left))
  return parts
}

async function change(order, action) {
  try {
    await adminApi(`/v1/admin/orders/${order.id}/${action}`, { method: 'POST' })
    announce('Order marked as shipped.', 'ok')
    await showOrder(order.id)
  } catch (error) {
    announce(`That did not work: ${explain(error)}`, 'error')
  }
}

function refundForm(order, left) {
  let refundId = crypto.randomUUID()
  const inputs = order.lines.map((l) => {
    const max = l.quantity - refundedUnits(order, l.sku)
    return {
      sku: l.sku,
      max,
      input: el('input', {
        id: `rf-${l.sku}`,
        name: `units-${l.sku}`,
        type: 'number',
        min: '0',
        max: String(max),
        step: '1',
        value: '0',
        inputMode: 'numeric',
        disabled: max === 0,
      }),
      title: l.title,
    }
  })
  const amount = el('input', {
    id: 'rf-amount',
    name: 'amount',
    autocomplete: 'off',
    inputMode: 'decimal',
  })
  const reason = el('input', {
    id: 'rf-reason',
    name: 'reason',
    maxLength: 200,
    autocomplete: 'off',
  })
  const form = el(
    'form',
    { class: 'panel', 'aria-labelledby': 'refund-heading', novalidate: true },
    el('h3', { id: 'refund-heading' }, 'Refund'),
    el(
      'p',
      { class: 'meta' },
      `Up to ${money(left, order.currency)} can still be refunded. Choose units (each gives back its paid share), an amount, or both (the amount then replaces what the units come to). Stock is not put back.`,
    ),
    el(
      'div',
      { class: 'grid refund-lines' },
      inputs.map((i) =>
        el(
          'div',
          { class: 'field' },
          el('label', { for: i.input.id }, `Units of ${i.sku} (at most ${i.max})`),
          i.input,
        ),
      ),
    ),
    el(
      'div',
      { class: 'grid' },
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'rf-amount' }, `Amount (${order.currency}, optional)`),
        amount,
      ),
      el('div', { class: 'field' }, el('label', { for: 'rf-reason' }, 'Reason (optional)'), reason),
    ),
    el('button', { type: 'submit', class: 'danger' }, 'Refund'),
  )
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const lines = []
    for (const i of inputs) {
      const n = Number(i.input.value || '0')
      if (!Number.isInteger(n) || n < 0 || n > i.max)
        return announce(`Units of ${i.sku}: a whole number from 0 to ${i.max}.`, 'error')
      if (n > 0) lines.push({ sku: i.sku, quantity: n })
    }
    const body = { refundId }
    if (lines.length) body.lines = lines
    if (amount.value.trim()) {
      try {
        body.amountMinor = parseMoney(amount.value, {
          currency: order.currency,
          locale: navigator.language,
        })
      } catch (error) {
        return announce(
          error instanceof MoneyInputError ? `Amount: ${error.message}` : String(error),
          'error',
        )
      }
    }
    if (!body.lines && body.amountMinor === undefined)
      return announce('Choose units to refund or enter an amount.', 'error')
    if (reason.value.trim()) body.reason = reason.value.trim()
    try {
      const result = await adminApi(`/v1/admin/orders/${order.id}/refunds`, {
        method: 'POST',
        body,
      })
      refundId = crypto.randomUUID()
      announce(`Refunded ${money(result.refund.amountMinor, order.currency)}.`, 'ok')
      await showOrder(order.id)
    } catch (error) {
      announce(`Refund refused: ${explain(error)}${details(error)}`, 'error')
    }
  })
  return form
}
