/**
 * @module The admin area: a section at a time (Products, Stock, Orders, Customers, Shipping & tax,
 * Discounts, Webhooks, chosen by the URL's hash; `#order/<id>` and `#customer/<id>` open one), all through the admin API with the
 * staff credential.
 */

import { initCustomers, showCustomer } from './admin-customers.js'
import { initDiscounts } from './admin-discounts.js'
import { showOrder } from './admin-order-detail.js'
import { initOrders } from './admin-orders.js'
import { initProducts, listedStock, loadProducts } from './admin-products.js'
import { useToken } from './admin-shared.js'
import { initShipping } from './admin-shipping.js'
import { initStock } from './admin-stock.js'
import { initEditor } from './admin-variants.js'
import { initWebhooks } from './admin-webhooks.js'
import { announce, api } from './app.js'
import { staffGate } from './staff.js'

const SECTIONS = ['products', 'stock', 'orders', 'customers', 'shipping', 'discounts', 'webhooks']
/** Pages of one thing, by hash prefix: the section that shows it, its link's section, its loader. */
const PAGES = {
  order: { nav: 'orders', load: (id) => showOrder(id) },
  customer: { nav: 'customers', load: (id) => showCustomer(id) },
}
let signedIn = false

staffGate({
  role: 'admin',
  check: (candidate) => api('/v1/admin/orders?limit=1', { token: candidate }),
  ready: (session) => {
    useToken(session.token)
    signedIn = true
    document.getElementById('admin').hidden = false
    showSection()
    initEditor({ onSaved: () => loadProducts(), stock: listedStock })
    initProducts()
    initStock()
    initOrders()
    initCustomers()
    initShipping()
    initDiscounts()
    initWebhooks()
  },
})
// A message about the page being left (a refused refund, say) does not follow staff to the next one.
window.addEventListener('hashchange', () => {
  if (signedIn) announce('')
  showSection()
})

/**
 * Shows the section the hash names (Products by default), or the page of one order or customer
 * (`#order/<id>`), and marks its section's link as current.
 */
function showSection() {
  const wanted = location.hash.slice(1)
  const [kind, id] = wanted.split('/', 2)
  const page = id && PAGES[kind] ? kind : null
  const current = page ?? (SECTIONS.includes(wanted) ? wanted : 'products')
  for (const name of [...SECTIONS, ...Object.keys(PAGES)])
    document.getElementById(`section-${name}`).hidden = name !== current
  const nav = page ? PAGES[page].nav : current
  for (const name of SECTIONS) {
    const link = document.querySelector(`.section-nav a[href="#${name}"]`)
    if (name === nav) link.setAttribute('aria-current', 'page')
    else link.removeAttribute('aria-current')
  }
  if (page && signedIn) PAGES[page].load(decodeURIComponent(id))
}
