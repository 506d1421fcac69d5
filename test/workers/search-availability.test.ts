/**
 * @module Search's in-stock flag follows sales: when a SKU runs out or comes back, its object
 * sends inventory.availability_changed and the consumer rebuilds the product's document.
 */
import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { InventoryEnv } from '#objects/inventory-item/inventory-item'
import { recordingQueue } from '#objects/shopper/test-helpers'
import { ADMIN_KEY, call } from './accounts'
import {
  createProduct,
  deadLetters,
  deliver,
  eventually,
  newKey,
  placeOrder,
  receive,
  shopper,
} from './checkout-helpers'

type Hit = { id: string; inStock: boolean }

/** Makes the SKU's object record what it sends (still forwarding to the real queue). */
async function recordAvailability(sku: string, sent: unknown[]) {
  await runInDurableObject(env.INVENTORY_ITEM.getByName(sku), (instance) => {
    const target = instance as unknown as { env: InventoryEnv }
    target.env = { ...target.env, EVENTS: recordingQueue(sent).queue }
  })
}

const hits = async (q: string, inStock: boolean) => {
  const query = `q=${encodeURIComponent(q)}${inStock ? '&inStock=true' : ''}`
  const body = (await (await call(`/v1/search?${query}`)).json()) as { hits: Hit[] }
  return body.hits
}

describe('search availability', () => {
  it('drops a sold-out product from in-stock results and brings it back when restocked', async () => {
    const { id, skus } = await createProduct([2_000])
    const sku = skus[0] as string
    const title = `Checkout item ${sku.split('-')[1]}`
    const sent: { type: string; data: unknown }[] = []
    await recordAvailability(sku, sent)
    // The product event the admin write sent, applied as the queue would.
    const reindex = await call('/v1/admin/search/reindex', { method: 'POST', token: ADMIN_KEY })
    expect(reindex.status).toBe(200)

    await receive(sku, 1)
    await eventually(async () => sent.length, 1, 3_000)
    expect(sent[0]).toMatchObject({
      type: 'inventory.availability_changed',
      data: { sku, inStock: true },
    })
    expect((await deliver(sent, `avail-in-${sku}`)).explicitAcks).toHaveLength(1)
    expect(await hits(title, true)).toEqual([expect.objectContaining({ id, inStock: true })])

    // The last unit sells: the SKU runs out, and search's in-stock filter follows.
    const buyer = await shopper()
    expect(
      (await placeOrder(buyer.token, { items: [{ sku, quantity: 1 }] }, newKey())).status,
    ).toBe(201)
    await eventually(async () => sent.length, 2, 3_000)
    expect(sent[1]).toMatchObject({ data: { sku, inStock: false } })
    await deliver([sent[1]], `avail-out-${sku}`)
    expect(await hits(title, true)).toEqual([])
    expect(await hits(title, false)).toEqual([expect.objectContaining({ id, inStock: false })])

    // Changes that keep it out of stock or in stock send nothing more.
    await receive(sku, 2)
    await eventually(async () => sent.length, 3, 3_000)
    await receive(sku, 1)
    await new Promise((r) => setTimeout(r, 200))
    expect(sent).toHaveLength(3)
    await deliver([sent[2]], `avail-back-${sku}`)
    expect(await hits(title, true)).toEqual([expect.objectContaining({ id, inStock: true })])
  })

  it('dead-letters a malformed availability or refund event, refused before any write', async () => {
    const envelope = (type: string, data: unknown) => ({
      type,
      v: 1,
      id: `bad-${crypto.randomUUID().slice(0, 8)}`,
      occurredAt: new Date().toISOString(),
      data,
    })
    const bodies = [
      envelope('inventory.availability_changed', { sku: 5, inStock: 'yes' }),
      envelope('inventory.availability_changed', { sku: 'X', inStock: true, extra: 1 }),
      envelope('order.refunded', { id: 'x', version: 'three' }),
    ]
    const prefix = `bad-avail-${crypto.randomUUID().slice(0, 6)}`
    const result = await deliver(bodies, prefix)
    expect([result.explicitAcks.length, result.retryMessages.length]).toEqual([3, 0])
    const letters = await deadLetters().get(bodies.map((_, i) => `${prefix}-${i}`))
    expect(letters.map((l) => l.error)).toEqual([
      expect.stringMatching(/^bad inventory.availability_changed data/),
      expect.stringMatching(/^bad inventory.availability_changed data/),
      expect.stringMatching(/^bad order.refunded data/),
    ])
  })
})
