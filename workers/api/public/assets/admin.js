/**
 * @module The admin area: a section at a time (Products, Stock, Orders, chosen by the URL's hash),
 * all through the admin API with the staff credential.
 */

import { initOrders } from './admin-orders.js'
import { initProducts, listedStock, loadProducts } from './admin-products.js'
import { useToken } from './admin-shared.js'
import { initStock } from './admin-stock.js'
import { initEditor } from './admin-variants.js'
import { api } from './app.js'
import { staffGate } from './staff.js'

const SECTIONS = ['products', 'stock', 'orders']

staffGate({
  role: 'admin',
  check: (candidate) => api('/v1/admin/orders?limit=1', { token: candidate }),
  ready: (session) => {
    useToken(session.token)
    document.getElementById('admin').hidden = false
    showSection()
    initEditor({ onSaved: () => loadProducts(), stock: listedStock })
    initProducts()
    initStock()
    initOrders()
  },
})
window.addEventListener('hashchange', showSection)

/** Shows the section the hash names (Products by default) and marks its link as current. */
function showSection() {
  const wanted = location.hash.slice(1)
  const current = SECTIONS.includes(wanted) ? wanted : 'products'
  for (const name of SECTIONS) {
    document.getElementById(`section-${name}`).hidden = name !== current
    const link = document.querySelector(`.section-nav a[href="#${name}"]`)
    if (name === current) link.setAttribute('aria-current', 'page')
    else link.removeAttribute('aria-current')
  }
}
