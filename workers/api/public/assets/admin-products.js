/**
 * @module The admin area's product list: every product whatever its status (GET
 * /v1/admin/products), searched by title, brand or SKU and filtered by status, with the stock of
 * each SKU (GET /v1/admin/inventory?sku=…, one request a page), pages of 20, edit and archive.
 */

import { adminApi } from './admin-shared.js'
import { editProduct } from './admin-variants.js'
import { announce, el, explain, money, show, table } from './app.js'

const PAGE = 20
const STATUS_LABEL = { active: 'Active', draft: 'Draft', archived: 'Archived' }

/** Wires the list's filter form and loads the first page. */
export function initProducts() {
  document.getElementById('products-filter').addEventListener('submit', (event) => {
    event.preventDefault()
    loadProducts()
  })
  loadProducts()
}

let latest = 0

/** Loads the list again from its first page, with the filter as it is now. */
export async function loadProducts(cursor, shown = []) {
  // Only the latest load draws: a slow earlier one (the reload after a save) must not replace
  // the list the filter asked for since.
  const ticket = ++latest
  const filter = document.getElementById('products-filter').elements
  const query = new URLSearchParams({ limit: String(PAGE) })
  if (filter.q.value.trim()) query.set('q', filter.q.value.trim())
  if (filter.status.value) query.set('status', filter.status.value)
  if (cursor) query.set('cursor', cursor)
  try {
    const page = await adminApi(`/v1/admin/products?${query}`)
    const products = [...shown, ...page.items]
    const stock = await stockOf(page.items.flatMap((p) => p.variants.map((v) => v.sku)))
    if (ticket !== latest) return
    for (const [sku, n] of stock) knownStock.set(sku, n)
    show(
      document.getElementById('products'),
      products.length === 0
        ? el('p', {}, 'No product matches.')
        : table(
            'Product list',
            ['Product', 'Status', 'Variants', { text: 'Stock', num: true }, 'Actions'],
            products.map(row),
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

const knownStock = new Map()

/** Available units of each SKU: one request per 50 SKUs (each SKU is its own object). */
async function stockOf(skus) {
  const out = new Map(skus.map((sku) => [sku, null]))
  for (let i = 0; i < skus.length; i += 50) {
    const query = skus
      .slice(i, i + 50)
      .map((sku) => `sku=${encodeURIComponent(sku)}`)
      .join('&')
    const levels = await adminApi(`/v1/admin/inventory?${query}`).catch(() => null)
    for (const { sku, available } of levels?.items ?? []) out.set(sku, available)
  }
  return out
}

/** Units available of a SKU as last listed, or null when unknown. */
export function listedStock(sku) {
  return knownStock.get(sku) ?? null
}

function row(p) {
  const units = (sku) => knownStock.get(sku)
  return el(
    'tr',
    { 'data-product-id': p.id },
    el(
      'th',
      { scope: 'row' },
      p.status === 'active'
        ? el('a', { href: `/products/${encodeURIComponent(p.handle)}` }, p.title)
        : p.title,
      el('div', { class: 'meta' }, `${p.brand} · ${p.category} · v${p.version}`),
    ),
    el(
      'td',
      {},
      el('span', { class: `badge ${p.status === 'active' ? 'ok' : ''}` }, STATUS_LABEL[p.status]),
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
      { class: 'num' },
      p.variants.map((v) => {
        const n = units(v.sku)
        return el(
          'div',
          { class: n === 0 ? 'out-of-stock' : '' },
          n === null || n === undefined ? '?' : String(n),
        )
      }),
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
        p.status === 'archived'
          ? null
          : el(
              'button',
              { type: 'button', class: 'danger', onclick: () => archiveProduct(p) },
              'Archive',
              el('span', { class: 'visually-hidden' }, ` ${p.title}`),
            ),
      ),
    ),
  )
}

async function archiveProduct(product) {
  if (!confirm(`Archive “${product.title}”? It leaves the storefront.`)) return
  try {
    await adminApi(`/v1/admin/products/${encodeURIComponent(product.id)}`, { method: 'DELETE' })
    announce(`Archived “${product.title}”.`, 'ok')
    loadProducts()
  } catch (error) {
    announce(`Not archived: ${explain(error)}`, 'error')
  }
}
