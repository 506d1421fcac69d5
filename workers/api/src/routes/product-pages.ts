/**
 * @module Product pages by handle. GET /products/:handle is product.html (from the ASSETS binding)
 * with the product's <title>, description, canonical link, Open Graph tags and JSON written in
 * by the Worker, so link previews, crawlers and the first paint see the product without waiting
 * for a script. The old /product?id= links (and /product.html?id=) redirect there.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { Product } from '#domain/catalog/product'
import { BRAND } from '../../public/assets/brand.js'
import { EDGE_TTL_SECONDS, loadProduct, resolveHandle } from '../catalog/product-cache'
import { HandleParam } from '../catalog/schemas'
import { notFound } from '../middleware/error-handler'
import { PAGE_CSP } from '../middleware/not-found-page'
import { createRouter } from '../router'
import type { AppEnv } from '../types'
import { cacheDeps } from './products'

const html = { 'text/html': { schema: { type: 'string' as const } } }

const page = createRoute({
  method: 'get',
  path: '/products/{handle}',
  summary: "A product's storefront page (HTML), with its meta and Open Graph tags",
  request: { params: z.object({ handle: HandleParam }) },
  responses: {
    200: { description: 'The page', content: html },
    301: { description: 'The product is now under another handle' },
    404: { description: 'No active product has this handle', content: html },
  },
})

const legacy = (path: string) =>
  createRoute({
    method: 'get',
    path,
    summary: 'Old product link (`?id=<product id>`): redirects to /products/<handle>',
    // The `id` query parameter is read by the handler, not declared: a malformed or missing id is
    // the same 404 page as an unknown one, so there is no bad input to refuse with a 400.
    responses: {
      301: { description: 'To the product page by handle' },
      404: { description: 'No active product has this id', content: html },
    },
  })

/** Longest description written into the meta tags (what previews show). */
const DESCRIPTION_CHARS = 160

export const productPages = createRouter()
  .openapi(page, async (c) => {
    const { handle } = c.req.valid('param')
    const deps = cacheDeps(c)
    const found = await resolveHandle(deps, handle)
    const product = found && (found.product ?? (await loadProduct(deps, found.id)).product)
    // A browser gets the shop's 404 page, not the JSON envelope.
    if (product?.status !== 'active') return notFound(c) as never
    if (product.handle !== handle) return c.redirect(pagePath(product), 301) as never
    const asset = await c.env.ASSETS.fetch(new URL('/product', c.req.url))
    if (!asset.ok) throw new Error(`product.html answered ${asset.status}`)
    const body = withProduct(asset, product, new URL(c.req.url).origin)
    return new Response(body.body, {
      status: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': PAGE_CSP,
        'referrer-policy': 'strict-origin-when-cross-origin',
        // Shared caches may keep the page as long as the product JSON (README, budgets).
        'cache-control': `public, max-age=0, s-maxage=${EDGE_TTL_SECONDS}, must-revalidate`,
      },
    }) as never
  })
  .openapi(legacy('/product'), (c) => redirectById(c))
  .openapi(legacy('/product.html'), (c) => redirectById(c))

/** The path of a product's page. */
export const pagePath = (product: Pick<Product, 'handle'>) =>
  `/products/${encodeURIComponent(product.handle)}`

async function redirectById(c: Context<AppEnv>) {
  const id = c.req.query('id') ?? ''
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return notFound(c)
  const { product } = await loadProduct(cacheDeps(c), id)
  if (product?.status !== 'active') return notFound(c)
  return c.redirect(pagePath(product), 301) as never
}

/** The first sentence-ish of the description (or the tagline), at most DESCRIPTION_CHARS. */
function summary(product: Product): string {
  const text = product.description.replace(/\s+/g, ' ').trim() || BRAND.tagline
  if (text.length <= DESCRIPTION_CHARS) return text
  const cut = text.slice(0, DESCRIPTION_CHARS - 1)
  return `${cut.slice(0, cut.lastIndexOf(' ') > 80 ? cut.lastIndexOf(' ') : cut.length)}…`
}

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * product.html with the product written in: title, meta description, canonical, Open Graph and
 * Twitter tags, and the product JSON in a `<script type="application/json">` that product.js
 * reads instead of fetching (escaped so no text of the product can close the element).
 */
function withProduct(asset: Response, product: Product, origin: string): Response {
  const title = `${product.title} · ${BRAND.name}`
  const description = summary(product)
  const url = `${origin}${pagePath(product)}`
  const image = product.images[0]
  const meta: [string, string, string][] = [
    ['name', 'description', description],
    ['property', 'og:type', 'product'],
    ['property', 'og:site_name', BRAND.name],
    ['property', 'og:title', product.title],
    ['property', 'og:description', description],
    ['property', 'og:url', url],
    ['name', 'twitter:card', image ? 'summary_large_image' : 'summary'],
  ]
  if (image)
    meta.push(
      ['property', 'og:image', `${origin}${image.url}`],
      ['property', 'og:image:width', String(image.width)],
      ['property', 'og:image:height', String(image.height)],
      ['property', 'og:image:alt', image.alt || product.title],
    )
  const tags = [
    `<link rel="canonical" href="${escapeAttr(url)}">`,
    ...meta.map(([attr, key, value]) => `<meta ${attr}="${key}" content="${escapeAttr(value)}">`),
    // Start the main image's download with the page, before product.js asks for it.
    image
      ? `<link rel="preload" as="image" href="${escapeAttr(image.url)}" fetchpriority="high">`
      : '',
    `<script type="application/json" id="product-data">${JSON.stringify(product).replace(/</g, '\\u003c')}</script>`,
  ].join('\n')
  return new HTMLRewriter()
    .on('title', { element: (el) => void el.setInnerContent(title) })
    .on('head', { element: (el) => void el.append(tags, { html: true }) })
    .on('h1#product-title', { element: (el) => void el.setInnerContent(product.title) })
    .transform(asset)
}
