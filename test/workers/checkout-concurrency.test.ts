/**
 * @module Invariants 1 and 2 over HTTP in workerd: 200 shoppers race for 50 units, a 2-SKU race
 * where one SKU runs short, and every 201 archived exactly once through a consumer that first
 * fails; each on a SKU in one object and on a hot SKU sharded over four.
 */
import { describe, expect, it } from 'vitest'
import { expectStockAddsUp } from '#objects/inventory-item/test-helpers'
import { ADMIN_KEY, call } from './accounts'
import {
  archive,
  DATABASE_DOWN,
  deliver,
  inventory,
  newKey,
  placeOrder,
  productWith,
  receive,
  recordEvents,
  replayLedger,
  shopper,
} from './checkout-helpers'

type Placed = { status: number; body: { id?: string; error?: { code: string; details: unknown } } }

/** Splits a SKU over `n` shard objects through the admin API (nothing to do for 0). */
async function shard(sku: string, n: number): Promise<void> {
  if (n === 0) return
  const res = await call(`/v1/admin/inventory/${sku}/shards`, {
    method: 'PUT',
    token: ADMIN_KEY,
    json: { shards: n },
  })
  expect(await res.json()).toEqual({ sku, shards: n, span: n })
}

describe.each([
  { layout: 'one object per SKU', shards: 0 },
  { layout: 'a hot SKU sharded over 4 objects', shards: 4 },
])('checkout under concurrency, $layout', ({ shards }) => {
  it('sells exactly 50 of 50 to 200 concurrent shoppers and archives each sale exactly once', async () => {
    const [sku] = (await productWith([1_500])) as [string]
    await receive(sku, 50)
    await shard(sku, shards)
    const crowd = await Promise.all(
      Array.from({ length: 200 }, async () => ({ ...(await shopper()), key: newKey() })),
    )
    const sent: unknown[] = []
    await Promise.all(crowd.map((s) => recordEvents(s.id, sent)))

    const answers: Placed[] = await Promise.all(
      crowd.map(async (s) => {
        const res = await placeOrder(s.token, { items: [{ sku, quantity: 1 }] }, s.key)
        return { status: res.status, body: (await res.json()) as Placed['body'] }
      }),
    )
    const sold = answers.filter((a) => a.status === 201)
    const refused = answers.filter((a) => a.status === 409)
    expect([sold.length, refused.length]).toEqual([50, 150])
    for (const r of refused)
      expect(r.body.error).toMatchObject({
        code: 'insufficient_stock',
        details: [{ sku, requested: 1, available: 0 }],
      })

    const available = await call(`/v1/inventory/${sku}`)
    expect(await available.json()).toEqual({ sku, available: 0 })
    const levels = await inventory().snapshot(sku)
    expect(levels).toMatchObject({ received: 50, reserved: 50, onHand: 50, sold: 0, available: 0 })
    // Every object's ledger replays to its totals, and they add up over the SKU's objects.
    const { objects } = await expectStockAddsUp(inventory(), sku)
    expect(objects).toHaveLength(1 + shards)
    const ledgers = await Promise.all(objects.map((o) => inventory().ledger(o.name, 1_000)))
    expect(ledgers.flat().filter((e) => e.kind === 'reserve')).toHaveLength(50)
    if (shards > 0) expect(objects.filter((o) => o.reserved > 0).length).toBeGreaterThan(1)

    // Each 201 sent one order.placed; nothing else was sent.
    const ids = new Set(sold.map((a) => a.body.id))
    expect(sent).toHaveLength(50)
    expect(new Set(sent.map((e) => (e as { data: { id: string } }).data.id))).toEqual(ids)

    // The database is down for the first deliveries: every message is retried, none dropped.
    const before = await archive().countOrders()
    const failed = await deliver(sent, 'down', DATABASE_DOWN)
    expect([failed.explicitAcks.length, failed.retryMessages.length]).toEqual([0, 50])
    expect(await archive().countOrders()).toBe(before)
    // It recovers; then the queue redelivers everything once more (at-least-once delivery).
    const recovered = await deliver(sent, 'up')
    expect(recovered.explicitAcks).toHaveLength(50)
    await deliver(sent, 'again')
    expect(await archive().countOrders()).toBe(before + 50)
    for (const id of ids)
      expect(await archive().getOrder(id as string)).toMatchObject({ status: 'pending_payment' })

    const listed = await call('/v1/admin/orders?limit=50&status=pending_payment', {
      token: ADMIN_KEY,
    })
    const page = (await listed.json()) as { items: { id: string }[] }
    expect(page.items.filter((o) => ids.has(o.id))).toHaveLength(50)
  }, 60_000)

  it('leaves no reservation behind when one SKU of a 2-SKU order runs short', async () => {
    const [plenty, scarce] = (await productWith([700, 300])) as [string, string]
    await receive(plenty, 100)
    await receive(scarce, 10)
    await shard(scarce, shards)
    const crowd = await Promise.all(Array.from({ length: 40 }, () => shopper()))
    const answers = await Promise.all(
      crowd.map(async (s) => {
        const body = {
          items: [
            { sku: plenty, quantity: 2 },
            { sku: scarce, quantity: 1 },
          ],
        }
        const res = await placeOrder(s.token, body, newKey())
        return { status: res.status, body: (await res.json()) as Placed['body'] }
      }),
    )
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10)
    const refused = answers.filter((a) => a.status === 409)
    expect(refused).toHaveLength(30)
    for (const r of refused)
      expect(r.body.error?.details).toEqual([{ sku: scarce, requested: 1, available: 0 }])

    const [a, b] = [await inventory().snapshot(plenty), await inventory().snapshot(scarce)]
    expect(a).toMatchObject({ reserved: 20, available: 80, onHand: 100 })
    expect(b).toMatchObject({ reserved: 10, available: 0, onHand: 10 })
    await expectStockAddsUp(inventory(), scarce)
    // Whatever the losers held of the plentiful SKU was given back, line by line in the ledger.
    const ledger = await inventory().ledger(plenty, 1_000)
    const reserved = ledger.filter((e) => e.kind === 'reserve').length
    const released = ledger.filter((e) => e.kind === 'release').length
    expect(reserved - released).toBe(10)
    expect(replayLedger(ledger)).toEqual({ onHand: 100, available: 80, sold: 0 })
  }, 30_000)
})
