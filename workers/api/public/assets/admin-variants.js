/**
 * @module The admin area's product form: the product's fields (its tax class among them) and a
 * variant editor with one row per variant (SKU, title, price, weight in grams, stock now, units to
 * receive). Prices are read by parseMoney in
 * the store currency, so `1.299,00` is 1299.00 and an input with no sure reading is refused.
 */

import { initImages, showImages } from './admin-images.js'
import { adminApi, details } from './admin-shared.js'
import { announce, el, explain, money, storeCurrency } from './app.js'
import { MoneyInputError, parseMoney } from './money-input.js'

const form = document.getElementById('product-form')
const rows = document.getElementById('variant-rows')
let hooks = { onSaved: () => {}, stock: () => null }
let currency = 'EUR'
let nextRow = 0
const attributesOf = new WeakMap()

/** Wires the form; `onSaved` reloads the list, `stock(sku)` is a SKU's listed stock. */
export async function initEditor(given) {
  hooks = given
  initImages(form, { onChanged: () => hooks.onSaved() })
  form.addEventListener('submit', saveProduct)
  document.getElementById('product-reset').addEventListener('click', () => editProduct(null))
  document.getElementById('add-variant').addEventListener('click', () => addRow().sku.focus())
  currency = await storeCurrency()
  document.getElementById('price-hint').textContent =
    `Prices in ${currency}, written as you would here, e.g. ${money(129_900, currency)}.`
  if (rows.children.length === 0) addRow()
}

/** Fills the form with a product to edit, or empties it for a new one. */
export function editProduct(product) {
  form.reset()
  rows.replaceChildren()
  const f = form.elements
  f.id.value = product?.id ?? ''
  document.getElementById('product-form-heading').textContent = product
    ? `Edit ${product.title}`
    : 'New product'
  document.getElementById('product-submit').textContent = product
    ? 'Save changes'
    : 'Create product'
  if (product) {
    for (const name of ['title', 'handle', 'brand', 'category', 'status', 'description'])
      f[name].value = product[name]
    // Products written before tax classes have none: they are taxed at the standard rate.
    f.taxClass.value = product.taxClass ?? 'standard'
    for (const v of product.variants) addRow(v)
  } else addRow()
  showImages(product)
  form.scrollIntoView({ block: 'start' })
  f.title.focus()
}

/** Adds a row for a variant (empty for a new one) and returns its inputs. */
function addRow(variant) {
  const n = ++nextRow
  const input = (name, label, attrs = {}) => {
    const id = `v${n}-${name}`
    return {
      node: el(
        'td',
        { 'data-label': label },
        el('label', { class: 'visually-hidden', for: id }, `${label} of variant ${n}`),
        el('input', { id, name: `v-${name}`, ...attrs }),
      ),
      id,
    }
  }
  const sku = input('sku', 'SKU', { required: true, autocomplete: 'off', maxLength: 64 })
  const title = input('title', 'Title', { maxLength: 200 })
  const price = input('price', 'Price', {
    required: true,
    inputMode: 'decimal',
    autocomplete: 'off',
  })
  const weight = input('weight', 'Weight in grams', {
    type: 'number',
    min: 0,
    max: 1_000_000,
    step: 1,
    inputMode: 'numeric',
  })
  const receive = input('receive', 'Units to receive', {
    type: 'number',
    min: 0,
    step: 1,
    inputMode: 'numeric',
  })
  const stock = variant ? hooks.stock(variant.sku) : null
  const tr = el(
    'tr',
    { class: 'row-editor' },
    sku.node,
    title.node,
    price.node,
    weight.node,
    el('td', { class: 'num', 'data-label': 'Stock now' }, stock === null ? '—' : String(stock)),
    receive.node,
    el(
      'td',
      {},
      el(
        'button',
        { type: 'button', class: 'secondary', onclick: () => tr.remove() },
        'Remove',
        el('span', { class: 'visually-hidden' }, ` variant ${n}`),
      ),
    ),
  )
  rows.append(tr)
  // The editor has no fields for attributes; a variant's own go back with it on save, since the
  // API replaces the whole set of variants.
  if (variant?.attributes) attributesOf.set(tr, variant.attributes)
  const get = (x) => tr.querySelector(`#${x.id}`)
  if (variant) {
    get(sku).value = variant.sku
    get(title).value = variant.title
    get(price).value = new Intl.NumberFormat(undefined, {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(variant.priceMinor / 100)
    if (variant.weightGrams !== undefined && variant.weightGrams !== null)
      get(weight).value = String(variant.weightGrams)
  }
  return { sku: get(sku) }
}

/** The rows as the API's variants, and the units each SKU receives; throws at the first bad row. */
function readRows() {
  const variants = []
  const receipts = []
  ;[...rows.children].forEach((tr, i) => {
    const [sku, title, price, weight, receive] = ['sku', 'title', 'price', 'weight', 'receive'].map(
      (name) => tr.querySelector(`[name="v-${name}"]`),
    )
    let priceMinor
    try {
      priceMinor = parseMoney(price.value, { currency, locale: navigator.language })
      price.removeAttribute('aria-invalid')
    } catch (error) {
      if (!(error instanceof MoneyInputError)) throw error
      price.setAttribute('aria-invalid', 'true')
      price.focus()
      throw new Error(`Variant ${i + 1}, price: ${error.message}`)
    }
    // Left empty, the variant has no weight (it weighs nothing for weight-rated shipping).
    const grams = weight.value.trim()
    if (grams !== '' && !(/^\d+$/.test(grams) && Number(grams) <= 1_000_000)) {
      weight.setAttribute('aria-invalid', 'true')
      weight.focus()
      throw new Error(`Variant ${i + 1}, weight: enter whole grams from 0 to 1000000.`)
    }
    weight.removeAttribute('aria-invalid')
    variants.push({
      sku: sku.value.trim(),
      priceMinor,
      ...(title.value.trim() ? { title: title.value.trim() } : {}),
      ...(grams === '' ? {} : { weightGrams: Number(grams) }),
      ...(attributesOf.has(tr) ? { attributes: attributesOf.get(tr) } : {}),
    })
    if (Number(receive.value) > 0) receipts.push([sku.value.trim(), Number(receive.value)])
  })
  if (variants.length === 0) throw new Error('Add at least one variant.')
  return { variants, receipts }
}

async function saveProduct(event) {
  event.preventDefault()
  const f = form.elements
  let read
  try {
    read = readRows()
  } catch (error) {
    return announce(error.message, 'error')
  }
  const handle = f.handle.value.trim()
  const body = {
    title: f.title.value.trim(),
    // Left empty on a new product, the handle is made from the title.
    ...(handle ? { handle } : {}),
    brand: f.brand.value.trim(),
    category: f.category.value.trim(),
    status: f.status.value,
    taxClass: f.taxClass.value,
    description: f.description.value,
    variants: read.variants,
  }
  const id = f.id.value
  try {
    const saved = await adminApi(
      id ? `/v1/admin/products/${encodeURIComponent(id)}` : '/v1/admin/products',
      { method: id ? 'PATCH' : 'POST', body },
    )
    for (const [sku, units] of read.receipts)
      await adminApi(`/v1/admin/inventory/${encodeURIComponent(sku)}/adjust`, {
        method: 'POST',
        body: { receive: units, reason: 'received in the product editor' },
      })
    const received = read.receipts.length
      ? `, stock received for ${read.receipts.length} SKU(s)`
      : ''
    announce(
      `${id ? 'Saved' : 'Created'} “${saved.title}” (version ${saved.version}${received}).${id ? '' : ' Add its images below.'}`,
      'ok',
    )
    // A new product stays open, so its images can be added at once; a saved edit closes.
    editProduct(id ? null : saved)
    hooks.onSaved()
  } catch (error) {
    announce(`Not saved: ${explain(error)}${details(error)}`, 'error')
  }
}
