/**
 * @module Product handles in workerd: derived from the title, unique (409 on a chosen one that is
 * taken), editable; the product by handle over the API, and the product page by handle with its
 * title, meta and Open Graph tags written by the Worker; old ?id= links redirect.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '#api/index'
import { pngImage } from '#test/fixtures/images'

const ADMIN = { authorization: 'Bearer test-admin-key' }
const JSON_ADMIN = { ...ADMIN, 'content-type': 'application/json' }

interface Product {
  id: string
  handle: string
  title: string
  images: { url: string; width: number; height: number }[]
}

async function call(path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext()
  const res = await worker.fetch(
    new Request(`https://shop.test${path}`, { redirect: 'manual', ...init }),
    env as Env,
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return res
}

const unique = () => crypto.randomUUID().slice(0, 8)

async function create(over: object = {}) {
  return call('/v1/admin/products', {
    method: 'POST',
    headers: JSON_ADMIN,
    body: JSON.stringify({
      title: `Ceramic Mug ${unique()}`,
      description: 'A sturdy stoneware mug that keeps coffee hot, glazed by hand.',
      category: 'kitchen',
      brand: 'Acme',
      status: 'active',
      variants: [{ sku: `H-${unique()}`, priceMinor: 1_800 }],
      ...over,
    }),
  })
}

const patch = (id: string, body: object) =>
  call(`/v1/admin/products/${id}`, {
    method: 'PATCH',
    headers: JSON_ADMIN,
    body: JSON.stringify(body),
  })

describe('product handles', () => {
  it('derives a handle from the title, and adds the id tail when another product has it', async () => {
    const title = `Café Crème Éspresso ${unique()}!`
    const first = (await (await create({ title })).json()) as Product
    expect(first.handle).toBe(
      title
        .toLowerCase()
        .replace('é', 'e')
        .replace('è', 'e')
        .replace('é', 'e')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/-$/, ''),
    )
    const second = (await (await create({ title })).json()) as Product
    expect(second.handle).toMatch(new RegExp(`^${first.handle}-[a-z0-9]{6}$`))
  })

  it('refuses a chosen handle another product has with 409, on create and on edit', async () => {
    const taken = (await (await create()).json()) as Product
    const clash = await create({ handle: taken.handle })
    expect(clash.status).toBe(409)
    expect(((await clash.json()) as { error: { code: string } }).error.code).toBe('handle_taken')
    const other = (await (await create()).json()) as Product
    const edit = await patch(other.id, { handle: taken.handle })
    expect(edit.status).toBe(409)
    const bad = await patch(other.id, { handle: 'Not A Handle' })
    expect(bad.status).toBe(400)
    const unchanged = (await (await call(`/v1/products/${other.id}`)).json()) as Product
    expect(unchanged.handle).toBe(other.handle)
  })

  it('serves the product by handle, and follows an edited handle', async () => {
    const product = (await (await create()).json()) as Product
    const byHandle = await call(`/v1/products/by-handle/${product.handle}`)
    expect(byHandle.status).toBe(200)
    expect(((await byHandle.json()) as Product).id).toBe(product.id)
    const handle = `mug-${unique()}`
    expect((await patch(product.id, { handle })).status).toBe(200)
    expect(((await (await call(`/v1/products/by-handle/${handle}`)).json()) as Product).id).toBe(
      product.id,
    )
    expect((await call(`/v1/products/by-handle/${product.handle}`)).status).toBe(404)
    expect((await call('/v1/products/by-handle/no-such-handle-here')).status).toBe(404)
    expect((await call('/v1/products/by-handle/Bad_Handle')).status).toBe(400)
    // Draft products have no public page.
    await patch(product.id, { status: 'draft' })
    expect((await call(`/v1/products/by-handle/${handle}`)).status).toBe(404)
  })

  it('writes the title, description, canonical link and Open Graph tags into the product page', async () => {
    const product = (await (
      await create({ title: `Tea <Pot> "Deluxe" ${unique()}` })
    ).json()) as Product
    const withImage = (await (
      await call(`/v1/admin/products/${product.id}/images?alt=The%20pot`, {
        method: 'POST',
        headers: { ...ADMIN, 'content-type': 'image/png' },
        body: pngImage(64, 48),
      })
    ).json()) as Product
    const res = await call(`/products/${product.handle}`, { headers: { accept: 'text/html' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    const page = await res.text()
    const escaped = product.title.replace('<', '&lt;').replace('>', '&gt;')
    expect(page).toContain(`<title>${escaped} · Edge Commerce</title>`)
    expect(page).toContain(
      '<meta name="description" content="A sturdy stoneware mug that keeps coffee hot, glazed by hand.">',
    )
    expect(page).toContain(
      `<link rel="canonical" href="https://shop.test/products/${product.handle}">`,
    )
    expect(page).toContain(
      `<meta property="og:title" content="${escaped.replaceAll('"', '&quot;')}">`,
    )
    const image = withImage.images[0]
    expect(page).toContain(`<meta property="og:image" content="https://shop.test${image?.url}">`)
    expect(page).toContain('<meta property="og:image:width" content="64">')
    expect(page).toContain('<meta property="og:image:height" content="48">')
    // The product's data rides along, with no way for its text to close the script element.
    const data = /<script type="application\/json" id="product-data">(.*?)<\/script>/s.exec(page)
    expect(data).not.toBeNull()
    expect(data?.[1]).not.toContain('<')
    expect((JSON.parse(data?.[1] as string) as Product).id).toBe(product.id)
    // The page's own script and header are there: it is product.html.
    expect(page).toContain('/assets/product.js')
  })

  it('redirects old ?id= links to the page by handle, and a stale handle to the current one', async () => {
    const product = (await (await create()).json()) as Product
    for (const path of [`/product?id=${product.id}`, `/product.html?id=${product.id}`]) {
      const res = await call(path)
      expect(res.status, path).toBe(301)
      expect(res.headers.get('location')).toBe(`/products/${product.handle}`)
    }
    const unknown = await call('/product?id=nope', { headers: { accept: 'text/html' } })
    expect(unknown.status).toBe(404)
    expect(await unknown.text()).toContain('Page not found')
    expect((await call('/products/no-such-product-anywhere')).status).toBe(404)
    // KV still maps the old handle for a while after a rename elsewhere: the page redirects.
    const renamed = `renamed-${unique()}`
    await patch(product.id, { handle: renamed })
    await env.CATALOG_KV.put(`handle:${product.handle}`, product.id)
    const stale = await call(`/products/${product.handle}`)
    expect(stale.status).toBe(301)
    expect(stale.headers.get('location')).toBe(`/products/${renamed}`)
  })
})
