/**
 * @module A product page: the product from GET /v1/products/:id, the chosen variant's stock from
 * GET /v1/inventory/:sku (exact, refreshed every few seconds, announced politely), add to cart.
 */
import {
  ApiError,
  announce,
  announceFailure,
  api,
  el,
  every,
  explain,
  money,
  renderAccountLink,
  requireShopper,
  show,
  variantLabel,
} from './app.js'

const STOCK_REFRESH_MS = 4_000
const id = new URLSearchParams(location.search).get('id') ?? ''
const article = document.getElementById('product')
let chosen

renderAccountLink()
load()

async function load() {
  try {
    const product = await api(`/v1/products/${encodeURIComponent(id)}`)
    document.title = `${product.title} · Edge Commerce`
    render(product)
    await refreshStock()
    every(STOCK_REFRESH_MS, refreshStock)
  } catch (error) {
    document.getElementById('product-title').textContent = 'Product not found'
    announce(
      error instanceof ApiError && error.status === 404
        ? 'This product does not exist or is no longer sold.'
        : `The product could not be loaded: ${explain(error)}`,
      'error',
    )
  }
}

function render(product) {
  chosen = product.variants[0]
  const choices = product.variants.map((variant, i) =>
    el(
      'label',
      { class: 'check', for: `variant-${i}` },
      el('input', {
        type: 'radio',
        name: 'variant',
        id: `variant-${i}`,
        value: variant.sku,
        checked: i === 0,
        onchange: () => {
          chosen = variant
          refreshStock()
        },
      }),
      `${variantLabel(product.title, variant.title) || variant.title} — ${money(variant.priceMinor, variant.currency)}`,
    ),
  )
  const quantity = el('input', {
    id: 'quantity',
    name: 'quantity',
    type: 'number',
    min: 1,
    // The API holds at most 10 units of a SKU in a cart line (the shopper's holding limits).
    max: 10,
    value: 1,
    inputMode: 'numeric',
  })
  show(
    article,
    el('h1', { id: 'product-title' }, product.title),
    el('p', { class: 'meta' }, `${product.brand} · ${product.category}`),
    product.description ? el('p', {}, product.description) : null,
    el(
      'form',
      { id: 'add-form', onsubmit: (event) => addToCart(event, product, quantity) },
      el('fieldset', {}, el('legend', {}, 'Variant'), choices),
      el(
        'p',
        {},
        'Available now: ',
        el('output', {
          id: 'stock',
          class: 'stock-live',
          for: 'variant-0',
          'aria-live': 'polite',
          'aria-atomic': 'true',
        }),
      ),
      el('div', { class: 'field' }, el('label', { for: 'quantity' }, 'Quantity'), quantity),
      el('button', { type: 'submit' }, 'Add to cart'),
    ),
  )
}

async function refreshStock() {
  if (!chosen) return
  const output = document.getElementById('stock')
  try {
    const { sku, available } = await api(`/v1/inventory/${encodeURIComponent(chosen.sku)}`)
    // A late answer about another variant must not overwrite the chosen one's.
    if (sku !== chosen.sku) return
    const text = available > 0 ? `${available} in stock` : 'Out of stock'
    if (output.textContent !== text) output.textContent = text
    output.className = `stock-live ${available > 0 ? 'in-stock' : 'out-of-stock'}`
  } catch {
    output.textContent = 'Stock unknown right now'
  }
}

async function addToCart(event, product, quantityInput) {
  event.preventDefault()
  const session = requireShopper()
  if (!session) return
  const quantity = Number(quantityInput.value)
  if (!Number.isInteger(quantity) || quantity < 1) {
    announce('Enter a quantity of at least 1.', 'error')
    quantityInput.focus()
    return
  }
  try {
    // PUT sets a line's quantity, so adding means the cart's quantity plus this one.
    const cart = await api('/v1/cart', { token: session.token })
    const line = cart.items.find((item) => item.sku === chosen.sku)
    const inCart = line?.quantity ?? 0
    // The cart takes any quantity; checkout would refuse more than the stock, so say it here.
    const { available } = await api(`/v1/inventory/${encodeURIComponent(chosen.sku)}`)
    if (inCart + quantity > available) {
      announce(
        available <= 0
          ? 'This variant is out of stock.'
          : `Only ${available} available${inCart ? `, and ${inCart} already in your cart` : ''}: choose ${Math.max(available - inCart, 0)} or fewer.`,
        'error',
      )
      quantityInput.focus()
      return
    }
    await api(`/v1/cart/items/${encodeURIComponent(chosen.sku)}`, {
      method: 'PUT',
      token: session.token,
      body: { quantity: inCart + quantity },
    })
    show(
      document.getElementById('status'),
      `Added ${quantity} × ${product.title}${variantLabel(product.title, chosen.title) ? ` (${variantLabel(product.title, chosen.title)})` : ''} to your cart. `,
      el('a', { href: '/cart' }, 'Go to cart'),
    )
    document.getElementById('status').dataset.kind = 'ok'
  } catch (error) {
    announceFailure('Not added: ', error)
  }
}
