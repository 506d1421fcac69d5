/**
 * @module The admin area's Customers section: accounts with their paid orders and spend, search
 * by email, and a customer's page (#customer/<id>) with their orders.
 */

import { orderRow } from './admin-orders.js'
import { adminApi } from './admin-shared.js'
import { announce, el, explain, money, show, storeCurrency, table, when } from './app.js'

let nextCursor = null

/** Wires the search and the pager, and loads the first page. */
export function initCustomers() {
  document.getElementById('customers-filter').addEventListener('submit', (event) => {
    event.preventDefault()
    loadCustomers()
  })
  document
    .getElementById('customers-more')
    .addEventListener('click', () => loadCustomers(nextCursor))
  loadCustomers()
}

async function loadCustomers(cursor = null) {
  const q = document.getElementById('c-q').value.trim()
  const query = new URLSearchParams({ limit: '20' })
  if (q) query.set('q', q)
  if (cursor) query.set('cursor', cursor)
  try {
    const [page, currency] = await Promise.all([
      adminApi(`/v1/admin/customers?${query}`),
      storeCurrency(),
    ])
    nextCursor = page.nextCursor
    document.getElementById('customers-more').hidden = !nextCursor
    const target = document.getElementById('customers')
    const rows = page.items.map((c) => customerRow(c, currency))
    const body = target.querySelector('tbody')
    if (cursor && body) body.append(...rows)
    else
      show(
        target,
        rows.length === 0
          ? el('p', {}, q ? 'No customer matches.' : 'No customers yet.')
          : table(
              'Customer list',
              [
                'Email',
                'Joined',
                { text: 'Orders', num: true },
                { text: 'Spent', num: true },
                { text: 'Refunded', num: true },
                'Last order',
              ],
              rows,
            ),
      )
  } catch (error) {
    announce(`Customers could not be loaded: ${explain(error)}`, 'error')
  }
}

function customerRow(c, currency) {
  return el(
    'tr',
    {},
    el('th', { scope: 'row' }, el('a', { href: `#customer/${c.userId}` }, c.email)),
    el('td', {}, when(c.createdAt)),
    el('td', { class: 'num' }, String(c.orders)),
    el('td', { class: 'num' }, money(c.spentMinor, currency)),
    el('td', { class: 'num' }, c.refundedMinor ? money(c.refundedMinor, currency) : '—'),
    el('td', {}, when(c.lastOrderAt)),
  )
}

/** Loads and draws one customer with their orders. */
export async function showCustomer(id) {
  const target = document.getElementById('customer-detail')
  const heading = document.getElementById('customer-heading')
  heading.textContent = 'Customer'
  show(target, el('p', { class: 'meta' }, 'Loading…'))
  try {
    const [{ customer, orders }, currency] = await Promise.all([
      adminApi(`/v1/admin/customers/${encodeURIComponent(id)}?limit=50`),
      storeCurrency(),
    ])
    heading.textContent = customer.email
    const fact = (term, value) => el('div', {}, el('dt', {}, term), el('dd', {}, value))
    show(
      target,
      el(
        'dl',
        { class: 'facts' },
        fact('User id', el('code', {}, customer.userId)),
        fact('Joined', when(customer.createdAt)),
        fact('Paid orders', String(customer.orders)),
        fact('Spent', money(customer.spentMinor, currency)),
        fact('Refunded', money(customer.refundedMinor, currency)),
        fact('Last order', when(customer.lastOrderAt)),
      ),
      el('h3', {}, 'Orders'),
      orders.items.length === 0
        ? el('p', {}, 'No archived orders.')
        : table(
            'Orders of this customer',
            [
              'Order',
              'Placed',
              'Customer',
              'Status',
              { text: 'Total', num: true },
              { text: 'Refunded', num: true },
            ],
            orders.items.map((o) => orderRow({ ...o, email: o.email ?? customer.email })),
          ),
    )
    heading.focus()
  } catch (error) {
    show(target, el('p', {}, `This customer could not be loaded: ${explain(error)}`))
  }
}
