/**
 * @module The admin area's Orders section: the archive's orders with search (email or order id)
 * and a status filter, each linking to its detail (admin-order-detail.js).
 */

import { adminApi } from './admin-shared.js'
import { announce, el, explain, money, show, table, when } from './app.js'
import { statusLabel } from './order-status.js'

let nextCursor = null

/** Wires the filter and the pager, and loads the first page. */
export function initOrders() {
  document.getElementById('orders-filter').addEventListener('submit', (event) => {
    event.preventDefault()
    loadOrders()
  })
  document.getElementById('orders-more').addEventListener('click', () => loadOrders(nextCursor))
  loadOrders()
}

/** Loads a page (the first, or the one after `cursor`, appended). */
export async function loadOrders(cursor = null) {
  const status = document.getElementById('o-status').value
  const q = document.getElementById('o-q').value.trim()
  const query = new URLSearchParams({ limit: '20' })
  if (status) query.set('status', status)
  if (q) query.set('q', q)
  if (cursor) query.set('cursor', cursor)
  try {
    const page = await adminApi(`/v1/admin/orders?${query}`)
    nextCursor = page.nextCursor
    document.getElementById('orders-more').hidden = !nextCursor
    const target = document.getElementById('orders')
    const rows = page.items.map(orderRow)
    const body = target.querySelector('tbody')
    if (cursor && body) body.append(...rows)
    else
      show(
        target,
        rows.length === 0
          ? el('p', {}, q || status ? 'No archived order matches.' : 'No archived orders yet.')
          : table(
              'Order list',
              [
                'Order',
                'Placed',
                'Customer',
                'Status',
                { text: 'Total', num: true },
                { text: 'Refunded', num: true },
              ],
              rows,
            ),
      )
  } catch (error) {
    announce(`Orders could not be loaded: ${explain(error)}`, 'error')
  }
}

/** One order as a row: its id links to the detail page. */
export function orderRow(order) {
  const refunded = order.refundedMinor ?? 0
  return el(
    'tr',
    {},
    el(
      'th',
      { scope: 'row' },
      el(
        'a',
        { href: `#order/${order.id}`, 'aria-label': `Order ${order.id.slice(0, 12)}` },
        el('code', {}, order.id.slice(0, 12)),
      ),
    ),
    el('td', {}, when(order.createdAt)),
    el('td', {}, order.email ?? el('span', { class: 'meta' }, order.userId)),
    el('td', {}, statusText(order)),
    el('td', { class: 'num' }, money(order.totalMinor, order.currency)),
    el('td', { class: 'num' }, refunded ? money(refunded, order.currency) : '—'),
  )
}

/** The status in words, saying "partly refunded" when some money went back. */
export function statusText(order) {
  const refunded = order.refundedMinor ?? 0
  const partly = refunded > 0 && refunded < order.totalMinor && order.status !== 'refunded'
  return partly ? `${statusLabel(order.status)}, partly refunded` : statusLabel(order.status)
}
