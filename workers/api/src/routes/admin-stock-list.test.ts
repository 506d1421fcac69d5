import { env, listDurableObjectIds } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ADMIN_KEY, call } from '#test/workers/accounts'
import { createProduct, receive } from '#test/workers/checkout-helpers'

describe('GET /v1/admin/inventory', () => {
  it('answers the available units of many SKUs in one request, leaving unknown SKUs out', async () => {
    const { skus } = await createProduct([1200, 800])
    const [a = '', b = ''] = skus
    await receive(a, 7)
    const before = (await listDurableObjectIds(env.INVENTORY_ITEM)).length
    const query = [a, b.toLowerCase(), 'NO-SUCH-SKU'].map((s) => `sku=${s}`).join('&')
    const res = await call(`/v1/admin/inventory?${query}`, { token: ADMIN_KEY })
    expect(res.status).toBe(200)
    const { items } = (await res.json()) as { items: { sku: string; available: number }[] }
    expect(items.sort((x, y) => x.sku.localeCompare(y.sku))).toEqual(
      [
        { sku: a, available: 7 },
        { sku: b, available: 0 },
      ].sort((x, y) => x.sku.localeCompare(y.sku)),
    )
    // The unknown SKU created no object (b's object may be new: it is in the catalog).
    const after = await listDurableObjectIds(env.INVENTORY_ITEM)
    expect(after.length).toBeLessThanOrEqual(before + 1)
  })

  it('refuses no SKU, more than 50 and shoppers', async () => {
    expect((await call('/v1/admin/inventory', { token: ADMIN_KEY })).status).toBe(400)
    const many = Array.from({ length: 51 }, (_, i) => `sku=S-${i}`).join('&')
    expect((await call(`/v1/admin/inventory?${many}`, { token: ADMIN_KEY })).status).toBe(400)
    expect((await call('/v1/admin/inventory?sku=A-1')).status).toBe(401)
  })
})
