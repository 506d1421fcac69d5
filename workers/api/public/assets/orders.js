/** @module The shopper's orders, newest first (GET /v1/orders), a page at a time. */
import {
  announce,
  api,
  el,
  explain,
  money,
  renderAccountLink,
  requireShopper,
  show,
  table,
  when,
} from './app.js'
import { statusLabel } from './order-status.js'

const session = requireShopper()
renderAccountLink()
if (session) load()

async function load(cursor) {
  try {
    const query = new URLSearchParams({ limit: '20' })
    if (cursor) query.set('cursor', cursor)
    const page = await api(`/v1/orders?${query}`, { token: session.token })
    render(page)
  } catch (error) {
    announce(`Your orders could not be loaded: ${explain(error)}`, 'error')
  }
}

function render(page) {
  const target = document.getElementById('orders')
  if (page.items.length === 0) {
    show(target, el('p', {}, 'No orders yet. ', el('a', { href: '/' }, 'Start shopping')))
    return
  }
  show(
    target,
    table(
      'Orders',
      ['Order', 'Placed', 'Status', { text: 'Total', num: true }],
      page.items.map((order) =>
        el(
          'tr',
          {},
          el(
            'th',
            { scope: 'row' },
            el(
              'a',
              { href: `/order?id=${encodeURIComponent(order.id)}` },
              `Order ${order.id.slice(0, 8)}`,
            ),
          ),
          el('td', {}, when(order.createdAt)),
          el('td', {}, statusLabel(order.status)),
          el('td', { class: 'num' }, money(order.totalMinor, order.currency)),
        ),
      ),
    ),
    page.nextCursor
      ? el(
          'button',
          { type: 'button', class: 'secondary', onclick: () => load(page.nextCursor) },
          'Older orders',
        )
      : null,
  )
}
