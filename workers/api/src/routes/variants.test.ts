/** @module The cart's variant look-up and the admin product list (drafts, archived, text), in workerd. */
import { describe, expect, it } from 'vitest'
import { ADMIN_KEY, call } from '#test/workers/accounts'

const sku = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8).toUpperCase()}`

async function product(title: string, status: string, skus: string[]) {
  const res = await call('/v1/admin/products', {
    method: 'POST',
    token: ADMIN_KEY,
    json: {
      title,
      brand: 'Acme',
      category: 'tools',
      status,
      variants: skus.map((s, i) => ({ sku: s, priceMinor: 1_000 + i, title: `Size ${i}` })),
    },
  })
  expect(res.status).toBe(201)
  return (await res.json()) as { id: string }
}

describe('GET /v1/variants', () => {
  it('names and prices the SKUs of active products and leaves out the rest', async () => {
    const [a, b, draft] = [sku('VA'), sku('VB'), sku('VD')]
    const active = await product('Lookup Lamp', 'active', [a, b])
    await product('Lookup Draft', 'draft', [draft])
    const res = await call(`/v1/variants?sku=${a}&sku=${draft}&sku=${b}&sku=NO-SUCH-SKU`)
    expect(res.status).toBe(200)
    const { items } = (await res.json()) as { items: { sku: string }[] }
    expect(items.sort((x, y) => x.sku.localeCompare(y.sku))).toEqual(
      [
        { sku: a, title: 'Size 0', priceMinor: 1_000 },
        { sku: b, title: 'Size 1', priceMinor: 1_001 },
      ]
        .map((v) => ({ ...v, currency: 'EUR', productId: active.id, productTitle: 'Lookup Lamp' }))
        .sort((x, y) => x.sku.localeCompare(y.sku)),
    )
  })

  it('refuses no SKU and a malformed one', async () => {
    expect((await call('/v1/variants')).status).toBe(400)
    expect((await call('/v1/variants?sku=%20bad')).status).toBe(400)
  })
})

describe('GET /v1/admin/products', () => {
  it('lists drafts and archived products by status, and finds them by title or SKU', async () => {
    const marker = crypto.randomUUID().slice(0, 8)
    const draftSku = sku('AD')
    const draft = await product(`Draft Stool ${marker}`, 'draft', [draftSku])
    const archived = await product(`Old Stool ${marker}`, 'archived', [sku('AA')])
    const ids = async (query: string) => {
      const res = await call(`/v1/admin/products?${query}`, { token: ADMIN_KEY })
      expect(res.status).toBe(200)
      return ((await res.json()) as { items: { id: string }[] }).items.map((p) => p.id)
    }
    expect(await ids(`q=${marker}`)).toEqual([draft.id, archived.id].sort())
    expect(await ids(`q=${marker}&status=draft`)).toEqual([draft.id])
    expect(await ids(`q=${marker}&status=archived`)).toEqual([archived.id])
    expect(await ids(`q=${draftSku.toLowerCase()}`)).toEqual([draft.id])
    expect(await ids(`q=${marker}&status=active`)).toEqual([])
  })

  it('is for admins only', async () => {
    expect((await call('/v1/admin/products')).status).toBe(401)
  })
})

describe('unknown paths', () => {
  it('give a browser an HTML 404 page under the pages’ policy, and API clients the envelope', async () => {
    const page = await call('/checkout', { headers: { accept: 'text/html,application/xhtml+xml' } })
    expect(page.status).toBe(404)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await page.text()).toContain('Page not found')
    const api = await call('/checkout', { headers: { accept: 'application/json' } })
    expect([api.status, ((await api.json()) as { error: { code: string } }).error.code]).toEqual([
      404,
      'not_found',
    ])
    const v1 = await call('/v1/nothing', { headers: { accept: 'text/html' } })
    expect(v1.headers.get('content-type')).toMatch(/^application\/json/)
  })
})
