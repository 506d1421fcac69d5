/**
 * @module The admin area: products (list, create, edit, archive), stock movements (receive,
 * adjust), hot-SKU sharding and orders (list, fulfil, refund), all through the admin API with the
 * staff credential.
 */
import { announce, api, el, explain, money, show, table, when } from './app.js'
import { statusLabel } from './order-status.js'
import { staffGate } from './staff.js'

let token = ''
const productForm = document.getElementById('product-form')

staffGate({
  role: 'admin',
  check: (candidate) => api('/v1/admin/orders?limit=1', { token: candidate }),
  ready: (session) => {
    token = session.token
    document.getElementById('admin').hidden = false
    loadProducts()
    loadOrders()
  },
})

productForm.addEventListener('submit', saveProduct)
document.getElementById('product-reset').addEventListener('click', () => editProduct(null))
document.getElementById('stock-form').addEventListener('submit', adjustStock)
document.getElementById('split-form').addEventListener('submit', splitStock)
document.getElementById('split-show').addEventListener('click', () => showSplit())
document.getElementById('orders-filter').addEventListener('submit', (event) => {
  event.preventDefault()
  loadOrders()
})

async function loadProducts(cursor, shown = []) {
  try {
    const query = new URLSearchParams({ limit: '100' })
    if (cursor) query.set('cursor', cursor)
    const page = await api(`/v1/products?${query}`)
    const products = [...shown, ...page.items]
    show(
      document.getElementById('products'),
      table(
        'Product list',
        ['Product', 'Variants', 'Actions'],
        products.map((p) =>
          el(
            'tr',
            {},
            el(
              'th',
              { scope: 'row' },
              el('a', { href: `/product?id=${encodeURIComponent(p.id)}` }, p.title),
              el('div', { class: 'meta' }, `${p.brand} · ${p.category} · v${p.version}`),
            ),
            el(
              'td',
              {},
              p.variants.map((v) =>
                el('div', {}, el('code', {}, v.sku), ` ${money(v.priceMinor, v.currency)}`),
              ),
            ),
            el(
              'td',
              {},
              el(
                'div',
                { class: 'actions' },
                el(
                  'button',
                  { type: 'button', class: 'secondary', onclick: () => editProduct(p) },
                  'Edit',
                  el('span', { class: 'visually-hidden' }, ` ${p.title}`),
                ),
                el(
                  'button',
                  { type: 'button', class: 'danger', onclick: () => archiveProduct(p) },
                  'Archive',
                  el('span', { class: 'visually-hidden' }, ` ${p.title}`),
                ),
              ),
            ),
          ),
        ),
      ),
      page.nextCursor
        ? el(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () => loadProducts(page.nextCursor, products),
            },
            'More products',
          )
        : null,
    )
  } catch (error) {
    announce(`Products could not be loaded: ${explain(error)}`, 'error')
  }
}

/** Fills the form with a product to edit, or empties it for a new one. */
function editProduct(product) {
  productForm.reset()
  const f = productForm.elements
  f.id.value = product?.id ?? ''
  document.getElementById('product-form-heading').textContent = product
    ? `Edit ${product.title}`
    : 'New product'
  document.getElementById('product-submit').textContent = product
    ? 'Save changes'
    : 'Create product'
  if (product) {
    for (const name of ['title', 'brand', 'category', 'status', 'description'])
      f[name].value = product[name]
    f.variants.value = product.variants
      .map((v) => `${v.sku}, ${(v.priceMinor / 100).toFixed(2)}, ${v.title}`)
      .join('\n')
  }
  f.title.focus()
}

/** `SKU, 12.50, title` lines as the API's variants; throws a message naming a bad line. */
function parseVariants(text) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, n) => {
      const [sku, price, ...title] = line.split(',').map((part) => part.trim())
      const priceMinor = Math.round(Number(price) * 100)
      if (!sku || !price || !Number.isFinite(priceMinor) || priceMinor < 0)
        throw new Error(`Variant line ${n + 1} needs a SKU and a price, like “TENT-1, 19.90”.`)
      return { sku, priceMinor, ...(title.length ? { title: title.join(', ') } : {}) }
    })
}

async function saveProduct(event) {
  event.preventDefault()
  const f = productForm.elements
  let body
  try {
    body = {
      title: f.title.value.trim(),
      brand: f.brand.value.trim(),
      category: f.category.value.trim(),
      status: f.status.value,
      description: f.description.value,
      variants: parseVariants(f.variants.value),
    }
  } catch (error) {
    announce(error.message, 'error')
    f.variants.focus()
    return
  }
  const id = f.id.value
  try {
    const saved = await api(
      id ? `/v1/admin/products/${encodeURIComponent(id)}` : '/v1/admin/products',
      {
        method: id ? 'PATCH' : 'POST',
        token,
        body,
      },
    )
    announce(`${id ? 'Saved' : 'Created'} “${saved.title}” (version ${saved.version}).`, 'ok')
    editProduct(null)
    loadProducts()
  } catch (error) {
    announce(`Not saved: ${explain(error)}${details(error)}`, 'error')
  }
}

async function archiveProduct(product) {
  if (!confirm(`Archive “${product.title}”? It leaves the storefront.`)) return
  try {
    await api(`/v1/admin/products/${encodeURIComponent(product.id)}`, { method: 'DELETE', token })
    announce(`Archived “${product.title}”.`, 'ok')
    loadProducts()
  } catch (error) {
    announce(`Not archived: ${explain(error)}`, 'error')
  }
}

async function adjustStock(event) {
  event.preventDefault()
  const f = event.currentTarget.elements
  const units = Number(f.quantity.value)
  const sku = f.sku.value.trim()
  const body =
    f.kind.value === 'receive'
      ? { receive: units, reason: f.reason.value.trim() }
      : { delta: units, reason: f.reason.value.trim() }
  try {
    const levels = await api(`/v1/admin/inventory/${encodeURIComponent(sku)}/adjust`, {
      method: 'POST',
      token,
      body,
    })
    announce(`Stock of ${levels.sku} changed: ${levels.available} available.`, 'ok')
    show(
      document.getElementById('stock-result'),
      el(
        'dl',
        { class: 'figures', 'aria-label': `Stock of ${levels.sku}` },
        ['available', 'onHand', 'reserved', 'sold', 'received', 'adjusted'].map((k) =>
          el('div', {}, el('dt', {}, k), el('dd', { 'data-figure': k }, String(levels[k]))),
        ),
      ),
    )
  } catch (error) {
    announce(`Stock not changed: ${explain(error)}${details(error)}`, 'error')
  }
}

async function splitStock(event) {
  event.preventDefault()
  const f = event.currentTarget.elements
  const sku = f.sku.value.trim()
  try {
    const split = await api(`/v1/admin/inventory/${encodeURIComponent(sku)}/shards`, {
      method: 'PUT',
      token,
      body: { shards: Number(f.shards.value) },
    })
    announce(`${split.sku} now sells from ${split.shards || 'no'} shards.`, 'ok')
    await showSplit(split.sku)
  } catch (error) {
    announce(`Not split: ${explain(error)}${details(error)}`, 'error')
  }
}

/** The SKU's stock in total and per object (its pool, then each shard). */
async function showSplit(sku = document.getElementById('x-sku').value.trim()) {
  if (!sku) return announce('Enter the SKU to show.', 'error')
  try {
    const d = await api(`/v1/admin/inventory/${encodeURIComponent(sku)}`, { token })
    const num = (text) => ({ text, num: true })
    const row = (o, label) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, label),
        ['available', 'reserved', 'sold', 'onHand', 'inTransit'].map((k) =>
          el('td', { class: 'num' }, String(o[k])),
        ),
      )
    show(
      document.getElementById('split-result'),
      table(
        `Stock of ${d.sku} by object`,
        [
          'Object',
          num('Available'),
          num('Reserved'),
          num('Sold'),
          num('On hand'),
          num('In transit'),
        ],
        [
          ...d.objects.map((o) => row(o, o.name === d.sku ? `${o.name} (pool)` : o.name)),
          row(d.total, 'Total'),
        ],
      ),
    )
  } catch (error) {
    announce(`Split not shown: ${explain(error)}`, 'error')
  }
}

async function loadOrders() {
  const status = document.getElementById('o-status').value
  const query = new URLSearchParams({ limit: '20' })
  if (status) query.set('status', status)
  try {
    const page = await api(`/v1/admin/orders?${query}`, { token })
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
          const changed = await api(`/v1/admin/orders/${order.id}/${action}`, {
            method: 'POST',
            token,
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

function details(error) {
  const issues = Array.isArray(error?.details) ? error.details : []
  return issues.length
    ? ` (${issues.map((i) => [i.path, i.message].filter(Boolean).join(': ')).join('; ')})`
    : ''
}
