/**
 * @module A product page (/products/<handle>): the product the Worker wrote into the page
 * (`#product-data`; GET /v1/products/by-handle/:handle when it is missing), its images, the
 * chosen variant's stock from GET /v1/inventory/:sku (exact, refreshed every few seconds,
 * announced politely), add to cart (the header's count follows).
 */
import {
  ApiError,
  announce,
  announceFailure,
  api,
  cartUnits,
  el,
  every,
  explain,
  money,
  renderAccountLink,
  requireShopper,
  setCartCount,
  show,
  variantLabel,
} from './app.js'
import { BRAND } from './brand.js'

const STOCK_REFRESH_MS = 4_000
const article = document.getElementById('product')
let chosen

renderAccountLink()
load()

/** The product: as the Worker wrote it into the page, else from the API by handle (or old id). */
async function product() {
  const embedded = document.getElementById('product-data')
  if (embedded) return JSON.parse(embedded.textContent)
  const handle = /^\/products\/([^/]+)\/?$/.exec(location.pathname)?.[1]
  if (handle) return api(`/v1/products/by-handle/${handle}`)
  const id = new URLSearchParams(location.search).get('id') ?? ''
  return api(`/v1/products/${encodeURIComponent(id)}`)
}

async function load() {
  try {
    const found = await product()
    document.title = `${found.title} · ${BRAND.name}`
    render(found)
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
  const from = Math.min(...product.variants.map((v) => v.priceMinor))
  const currency = product.variants[0]?.currency ?? 'EUR'
  show(
    article,
    gallery(product),
    el(
      'div',
      { class: 'product-details' },
      el('p', { class: 'meta' }, `${product.brand} · ${product.category}`),
      el('h1', { id: 'product-title' }, product.title),
      el(
        'p',
        { class: 'price' },
        product.variants.length > 1 ? `from ${money(from, currency)}` : money(from, currency),
      ),
      product.description ? el('p', {}, product.description) : null,
      addForm(product, choices, quantity),
    ),
  )
}

/**
 * The product's images: the first large (loaded at once: it is the page's main content), the
 * others as thumbnails that show it large (loaded lazily). Every image has its width, height and
 * alt text, so the page does not jump as they arrive.
 */
function gallery(product) {
  const [first] = product.images ?? []
  // Without images the details take the whole width (site.css: .product.has-images).
  article.classList.toggle('has-images', Boolean(first))
  if (!first) return null
  const main = el('img', {
    class: 'gallery-main',
    src: first.url,
    width: first.width,
    height: first.height,
    alt: first.alt || product.title,
    loading: 'eager',
    fetchPriority: 'high',
    decoding: 'async',
  })
  const thumbs =
    product.images.length > 1
      ? el(
          'ul',
          { class: 'gallery-thumbs', 'aria-label': 'Product images' },
          product.images.map((image, i) =>
            el(
              'li',
              {},
              el(
                'button',
                {
                  type: 'button',
                  'aria-pressed': String(i === 0),
                  onclick: (event) => {
                    main.src = image.url
                    main.width = image.width
                    main.height = image.height
                    main.alt = image.alt || product.title
                    for (const b of event.currentTarget.closest('ul').querySelectorAll('button'))
                      b.setAttribute('aria-pressed', String(b === event.currentTarget))
                  },
                },
                el('img', {
                  src: image.url,
                  width: image.width,
                  height: image.height,
                  alt: `Show image ${i + 1}${image.alt ? `: ${image.alt}` : ''}`,
                  loading: 'lazy',
                  decoding: 'async',
                }),
              ),
            ),
          ),
        )
      : null
  return el('div', { class: 'gallery' }, main, thumbs)
}

function addForm(product, choices, quantity) {
  return el(
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
    const after = await api(`/v1/cart/items/${encodeURIComponent(chosen.sku)}`, {
      method: 'PUT',
      token: session.token,
      body: { quantity: inCart + quantity },
    })
    setCartCount(cartUnits(after))
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
