/** @module The admin area's Orders section: the archive's orders by status, fulfil and refund. */

import { adminApi } from './admin-shared.js'
import { announce, el, explain, money, show, table, when } from './app.js'
import { statusLabel } from './order-status.js'

/** Wires the filter and loads the first page. */
export function initOrders() {
  document.getElementById('orders-filter').addEventListener('submit', (event) => {
    event.preventDefault()
    loadOrders()
  })
  loadOrders()
}

async function loadOrders() {
  const status = document.getElementById('o-status').value
  const query = new URLSearchParams({ limit: '20' })
  if (status) query.set('status', status)
  try {
    const page = await adminApi(`/v1/admin/orders?${query}`)
    show(
      document.getElementById('orders'),
      page.items.length === 0
        ? el('p', {}, 'No archived orders.')
        : table(
            'Order list',
            ['Order', 'Placed', 'Status', 'Total', 'Actions'],
            page.items.map((order) =>
              el(
                'tr',
                {},
                el('th', { scope: 'row' }, el('code', {}, order.id.slice(0, 12))),
                el('td', {}, when(order.createdAt)),
                el('td', {}, statusLabel(order.status)),
                el('td', {}, money(order.totalMinor, order.currency)),
                el(
                  'td',
                  {},
                  el(
                    'div',
                    { class: 'actions' },
                    order.status === 'paid' ? orderAction(order, 'fulfil', 'Fulfil') : null,
                    ['paid', 'fulfilled'].includes(order.status)
                      ? orderAction(order, 'refund', 'Refund')
                      : null,
                  ),
                ),
              ),
            ),
          ),
    )
  } catch (error) {
    announce(`Orders could not be loaded: ${explain(error)}`, 'error')
  }
}

function orderAction(order, action, label) {
  return el(
    'button',
    {
      type: 'button',
      class: action === 'refund' ? 'danger' : 'secondary',
      onclick: async () => {
        try {
          const changed = await adminApi(`/v1/admin/orders/${order.id}/${action}`, {
            method: 'POST',
          })
          announce(`Order ${order.id.slice(0, 12)} is now ${statusLabel(changed.status)}.`, 'ok')
          // The archive catches up through the queue; the list shows it on the next load.
          setTimeout(loadOrders, 1_500)
        } catch (error) {
          announce(`${label} failed: ${explain(error)}`, 'error')
        }
      },
    },
    label,
    el('span', { class: 'visually-hidden' }, ` order ${order.id.slice(0, 12)}`),
  )
}
