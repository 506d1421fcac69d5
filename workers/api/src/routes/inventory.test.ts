/** @module Tests of the stock routes and the stock hint against the real Worker and objects. */
import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { createRedis } from '#adapters/upstash/client'
import { UpstashCounters } from '#adapters/upstash/counters'
import { stockHintKey } from '#domain/catalog/search-document'
import type { CountersPort } from '#domain/ports/counters'
import { DurableObjectCounters } from '#objects/counters/adapter'
import { ADMIN_KEY, call, errorCode } from '#test/workers/accounts'
import {
  eventually,
  inventory,
  newKey,
  placeOrder,
  productWith,
  shopper,
} from '#test/workers/checkout-helpers'

const adjust = (sku: string, json: unknown) =>
  call(`/v1/admin/inventory/${sku}/adjust`, { method: 'POST', token: ADMIN_KEY, json })
const available = async (sku: string) =>
  (await (await call(`/v1/inventory/${sku}`)).json()) as object
const hint = (sku: string) => new DurableObjectCounters(env.COUNTERS).get(stockHintKey(sku))

describe('stock routes', () => {
  it('receives and corrects stock with a reason on the ledger, and shows what is available', async () => {
    const [sku] = (await productWith([100])) as [string]
    expect(await available(sku)).toEqual({ sku, available: 0 })
    const received = await adjust(sku, { receive: 12, reason: 'delivery 42' })
    expect(await received.json()).toMatchObject({ sku, received: 12, available: 12 })
    const corrected = await adjust(sku.toLowerCase(), { delta: -2, reason: 'damaged in store' })
    expect(corrected.status).toBe(404)
    const ok = await adjust(sku, { delta: -2, reason: 'damaged in store' })
    expect(await ok.json()).toMatchObject({ onHand: 10, adjusted: -2, available: 10 })
    expect(await available(sku)).toEqual({ sku, available: 10 })
    const ledger = await inventory().ledger(sku, 10)
    expect(ledger.map((e) => [e.kind, e.quantity, e.reason])).toEqual([
      ['receive', 12, 'delivery 42'],
      ['adjust', -2, 'damaged in store'],
    ])
    const tooMuch = await adjust(sku, { delta: -11, reason: 'recount' })
    expect([tooMuch.status, await errorCode(tooMuch)]).toEqual([409, 'insufficient_stock'])
  })

  it('refuses bad input with the envelope and writes nothing', async () => {
    const [sku] = (await productWith([100])) as [string]
    for (const body of [
      {},
      { receive: 1 },
      { receive: 0, reason: 'x' },
      { receive: 1.5, reason: 'x' },
      { delta: 0, reason: 'x' },
      { delta: 5, receive: 5, reason: 'x' },
      { receive: 1, reason: '' },
      { receive: 1, reason: 'x'.repeat(201) },
      { receive: 2_000_000, reason: 'x' },
    ]) {
      const res = await adjust(sku, body)
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400])
    }
    expect((await adjust('NO-SUCH-SKU', { receive: 1, reason: 'x' })).status).toBe(404)
    expect((await call('/v1/inventory/bad%20sku')).status).toBe(400)
    expect(await inventory().ledger(sku, 10)).toEqual([])
  })

  it('keeps the stock hint at the available quantity after every change', async () => {
    const [sku] = (await productWith([100])) as [string]
    await adjust(sku, { receive: 5, reason: 'delivery' })
    await eventually(() => hint(sku), 5)
    const { token } = await shopper()
    expect((await placeOrder(token, { items: [{ sku, quantity: 2 }] }, newKey())).status).toBe(201)
    await eventually(() => hint(sku), 3)
  })

  it('sells with Redis unreachable: the hint fails open and checkout does not notice', async () => {
    const [sku] = (await productWith([100])) as [string]
    await adjust(sku, { receive: 5, reason: 'delivery' })
    const down = new UpstashCounters(createRedis({ url: 'http://127.0.0.1:9', token: 'x' }))
    const failures: unknown[] = []
    // The real Upstash adapter against a port nothing listens on, noting how each write ended.
    const watched = {
      set: (key: string, value: number) =>
        down.set(key, value).catch((err: unknown) => {
          failures.push(err)
          throw err
        }),
    } as unknown as CountersPort
    await runInDurableObject(env.INVENTORY_ITEM.getByName(sku), (instance) => {
      const target = instance as unknown as { core: { counters: () => CountersPort } }
      target.core.counters = () => watched
    })
    const { token } = await shopper()
    const res = await placeOrder(token, { items: [{ sku, quantity: 1 }] }, newKey())
    expect(res.status).toBe(201)
    expect(await available(sku)).toEqual({ sku, available: 4 })
    await eventually(async () => failures.length > 0, true, 5_000)
  })
})
