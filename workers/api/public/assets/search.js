/** @module The storefront's search page: the form is the URL's query, the results come from GET /v1/search. */
import { announce, api, el, explain, money, renderAccountLink, show, storeCurrency } from './app.js'

const LIMIT = 12
const form = document.getElementById('search-form')
const params = new URLSearchParams(location.search)

renderAccountLink()
fillForm()
search()

// The form submits to this page with GET, so every search is a link that can be shared or reloaded.
function fillForm() {
  for (const name of ['q', 'min', 'max', 'sort']) {
    const value = params.get(name)
    if (value !== null) form.elements[name].value = value
  }
  form.elements.inStock.checked = params.get('inStock') === 'true'
  // Filters start folded on a phone, so the first screen shows products; open when one is set.
  const filtered = ['category', 'brand', 'min', 'max', 'inStock'].some((n) => params.get(n))
  document.getElementById('filters').open = filtered || matchMedia('(min-width: 48rem)').matches
}

async function search() {
  const query = new URLSearchParams({ limit: String(LIMIT) })
  const q = params.get('q')?.trim()
  if (q) query.set('q', q)
  for (const name of ['category', 'brand']) if (params.get(name)) query.set(name, params.get(name))
  // Prices are typed in whole units of the store currency; the API takes minor units.
  for (const [name, key] of [
    ['min', 'minPrice'],
    ['max', 'maxPrice'],
  ]) {
    const value = Number(params.get(name))
    if (params.get(name) && Number.isFinite(value) && value >= 0)
      query.set(key, String(Math.round(value * 100)))
  }
  if (params.get('inStock') === 'true') query.set('inStock', 'true')
  if (params.get('sort')) query.set('sort', params.get('sort'))
  const page = Math.max(1, Number(params.get('page')) || 1)
  query.set('page', String(page))
  announce('Searching…')
  try {
    const [result, currency] = await Promise.all([api(`/v1/search?${query}`), storeCurrency()])
    fillFacet('category', result.facets.category)
    fillFacet('brand', result.facets.brand)
    renderHits(result, q, currency)
    renderPages(result)
  } catch (error) {
    announce(`Search failed: ${explain(error)}`, 'error')
  }
}

/** The facet's options with their counts; the chosen value stays even when it has no hits now. */
function fillFacet(name, counts) {
  const select = form.elements[name]
  const chosen = params.get(name) ?? ''
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))
  if (chosen && !(chosen in counts)) entries.unshift([chosen, 0])
  show(
    select,
    el('option', { value: '' }, name === 'category' ? 'All categories' : 'All brands'),
    entries.map(([value, n]) => el('option', { value }, `${value} (${n})`)),
  )
  select.value = chosen
}

function renderHits(result, q, currency) {
  const heading = document.getElementById('results-heading')
  heading.textContent = q ? `Results for “${q}”` : 'Products'
  const pages = Math.ceil(result.total / result.limit)
  const found = `${result.total} ${result.total === 1 ? 'product' : 'products'} found`
  // A page past the last (an old link, a typed URL) says so instead of showing an empty grid.
  if (result.hits.length === 0 && result.page > pages && pages > 0)
    announce(`${found}, but there is no page ${result.page}: the last is page ${pages}.`, 'error')
  else
    announce(
      result.total === 0 ? 'No products found. Try other words or fewer filters.' : `${found}.`,
    )
  show(
    document.getElementById('results'),
    result.hits.map((hit, i) =>
      el(
        'li',
        { class: 'card' },
        cardImage(hit, i),
        el('h3', {}, el('a', { href: productHref(hit) }, hit.title)),
        el('p', { class: 'meta' }, `${hit.brand} · ${hit.category}`),
        el('p', { class: 'price' }, `from ${money(hit.priceMinor, currency)}`),
        el(
          'p',
          { class: hit.inStock ? 'in-stock' : 'out-of-stock' },
          hit.inStock ? 'In stock' : 'Out of stock',
        ),
      ),
    ),
  )
}

/** A hit's page: by handle; an old index document without one links by id (which redirects). */
function productHref(hit) {
  return hit.handle
    ? `/products/${encodeURIComponent(hit.handle)}`
    : `/product?id=${encodeURIComponent(hit.id)}`
}

/**
 * A card's picture with its width and height (no shift as it loads). Only the first card's loads
 * at once, being in the first screen on every width; the rest wait until they near the screen.
 * The title below names the product, so a card image without its own alt text is decorative.
 */
function cardImage(hit, i) {
  if (!hit.image) return el('div', { class: 'card-media placeholder' })
  return el('img', {
    class: 'card-media',
    src: hit.image.url,
    width: hit.image.width,
    height: hit.image.height,
    alt: hit.image.alt === hit.title ? '' : hit.image.alt,
    loading: i === 0 ? 'eager' : 'lazy',
    decoding: 'async',
  })
}

function renderPages(result) {
  const pages = Math.ceil(result.total / result.limit)
  const link = (page, label) => {
    const next = new URLSearchParams(params)
    next.set('page', String(page))
    return el('a', { class: 'button secondary', href: `/?${next}` }, label)
  }
  if (result.page > pages && pages > 0)
    return show(
      document.getElementById('pages'),
      link(pages, `Go to the last page (${pages})`),
      link(1, 'Go to the first page'),
    )
  show(
    document.getElementById('pages'),
    result.page > 1 ? link(result.page - 1, 'Previous page') : null,
    pages > 1 ? el('span', {}, `Page ${result.page} of ${pages}`) : null,
    result.page < pages ? link(result.page + 1, 'Next page') : null,
  )
}
