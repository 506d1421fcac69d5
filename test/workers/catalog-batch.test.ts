/**
 * @module The admin batch import: every item gets its own result, SKU collisions (within the
 * batch or with the catalog) are `sku_taken`, never a 500, and each product written sends its event.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { recordingQueue } from '#objects/shopper/test-helpers'
import { ADMIN_KEY, call } from './accounts'

const tag = () => crypto.randomUUID().slice(0, 8).toUpperCase()
const item = (title: string, ...skus: string[]) => ({
  title,
  category: 'tools',
  brand: 'Batchco',
  status: 'active',
  variants: skus.map((sku) => ({ sku, priceMinor: 500 })),
})
type Result = { index: number; id?: string; error?: { code: string; message: string } }

describe('POST /v1/admin/products/batch', () => {
  it('answers per item when SKUs collide within the batch and with the catalog, and sends every written product’s event', async () => {
    const t = tag()
    const existing = await call('/v1/admin/products', {
      method: 'POST',
      token: ADMIN_KEY,
      json: item('Existing', `B-${t}-OLD`),
    })
    expect(existing.status).toBe(201)
    const { queue, sent } = recordingQueue()
    const res = await call(
      '/v1/admin/products/batch',
      {
        method: 'POST',
        token: ADMIN_KEY,
        json: {
          products: [
            item('First', `B-${t}-1`),
            item('Same SKU again', `B-${t}-1`),
            item('Same SKU, other case', `b-${t}-1`, `B-${t}-9`),
            item('Taken by the catalog', `B-${t}-OLD`),
            item('Second', `B-${t}-2`),
            item('Third', `B-${t}-3`),
          ],
        },
      },
      { EVENTS: queue },
    )
    expect(res.status).toBe(200)
    const { results } = (await res.json()) as { results: Result[] }
    expect(results.map((r) => r.error?.code ?? 'ok')).toEqual([
      'ok',
      'sku_taken',
      'sku_taken',
      'sku_taken',
      'ok',
      'ok',
    ])
    const written = results.filter((r) => r.id).map((r) => r.id)
    // Each written product is in the database and its event went out; nothing else was written.
    for (const id of written) expect((await call(`/v1/products/${id}`)).status).toBe(200)
    const events = sent as { type: string; data: { id?: string; productId?: string } }[]
    const announced = events
      .filter((e) => e.type === 'product.upserted')
      .map((e) => e.data.id ?? e.data.productId)
    expect(new Set(announced)).toEqual(new Set(written))
    const skus = await env.DB.prepare('SELECT sku FROM variants WHERE sku LIKE ?')
      .bind(`B-${t}-%`)
      .all<{ sku: string }>()
    expect(skus.results.map((r) => r.sku).sort()).toEqual(
      [`B-${t}-1`, `B-${t}-2`, `B-${t}-3`, `B-${t}-OLD`].sort(),
    )
  })
})
