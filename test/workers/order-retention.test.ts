/**
 * @module Retention (issue 5.6): a finished order leaves its object once its window has passed
 * and the archive holds it; history and the order page are then served from the archive.
 */
import { env, runDurableObjectAlarm } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { RECHECK_MS, retentionMs } from '#objects/shopper/archive'
import {
  alarmOf,
  orderRowOf,
  outboxOf,
  placementOf,
  retireAt,
  shoppers,
} from '#objects/shopper/test-helpers'
import { call } from './accounts'
import {
  deliver,
  eventsSent,
  newKey,
  payWebhook,
  placeOrder,
  productWith,
  receive,
  recordEvents,
  shopper,
} from './checkout-helpers'

const WINDOW = retentionMs(env)
describe('order retention', () => {
  it('keeps the 90-day default and never less than a day', () => {
    expect(retentionMs({})).toBe(90 * 86_400_000)
    expect(retentionMs({ ORDER_RETENTION_DAYS: '0.01' })).toBe(86_400_000)
    expect(retentionMs({ ORDER_RETENTION_DAYS: 'soon' })).toBe(90 * 86_400_000)
  })

  it('retires a finished order only after its window and once archived; the archive serves it after', async () => {
    const [sku] = (await productWith([990])) as [string]
    await receive(sku, 5)
    const user = await shopper()
    const key = newKey()
    const sent: unknown[] = []
    await recordEvents(user.id, sent)
    const body = { items: [{ sku, quantity: 2 }] }
    const placed = await placeOrder(user.token, body, key)
    expect(placed.status).toBe(201)
    const { id } = (await placed.json()) as { id: string }
    const cancelled = await call(`/v1/orders/${id}/cancel`, { method: 'POST', token: user.token })
    expect(cancelled.status).toBe(200)
    const stub = env.SHOPPER.getByName(user.id)
    await eventsSent(user.id)
    const order = await shoppers().get(id)
    if (!order) throw new Error('expected the order in its object')

    // Finished: after the alarm, besides the archive check it waits for the end of the window.
    await runDurableObjectAlarm(stub)
    const check = (await orderRowOf(stub, id))?.check_at as number
    expect(await alarmOf(stub)).toBe(Math.min(check, order.updatedAt + WINDOW))
    expect(await retireAt(stub, Date.now())).toEqual([])
    // Past the window but not archived yet: it stays, and looks again an hour later.
    const later = order.updatedAt + WINDOW + 1_000
    expect(await retireAt(stub, later)).toEqual([])
    expect(await shoppers().get(id)).toMatchObject({ id, status: 'cancelled' })
    expect((await orderRowOf(stub, id))?.retire_check_at).toBe(later + RECHECK_MS)

    // Archived (placed and cancelled, both versions): now it leaves, keeping only a tombstone.
    expect((await deliver(sent, 'retention')).explicitAcks).toHaveLength(2)
    expect(await retireAt(stub, later + RECHECK_MS)).toEqual([id])
    expect(await shoppers().get(id)).toBeNull()
    expect(await orderRowOf(stub, id)).toBeUndefined()
    expect(await outboxOf(stub)).toEqual([])
    expect(await placementOf(stub, key)).toEqual({ state: 'retired', result: null })

    // The shopper still sees it, from the archive: the page and the history list.
    const page = await call(`/v1/orders/${id}`, { token: user.token })
    expect(page.status).toBe(200)
    expect(await page.json()).toMatchObject({ id, status: 'cancelled', version: 2 })
    const history = await call('/v1/orders', { token: user.token })
    const items = ((await history.json()) as { items: { id: string; status: string }[] }).items
    expect(items.filter((o) => o.id === id)).toEqual([
      expect.objectContaining({ id, status: 'cancelled' }),
    ])
    // Its key cannot place a second order under the same id.
    const again = await placeOrder(user.token, body, key)
    expect(again.status).toBe(422)
    expect(await again.json()).toMatchObject({ error: { code: 'idempotency_key_reused' } })
    // Another shopper still gets 404.
    const other = await shopper()
    expect((await call(`/v1/orders/${id}`, { token: other.token })).status).toBe(404)
  })

  it('never retires an order that can still change (paid, not yet fulfilled)', async () => {
    const [sku] = (await productWith([500])) as [string]
    await receive(sku, 1)
    const user = await shopper()
    const key = newKey()
    const placed = await placeOrder(user.token, { items: [{ sku, quantity: 1 }] }, key)
    const { id, totalMinor, currency } = (await placed.json()) as {
      id: string
      totalMinor: number
      currency: string
    }
    const paid = await payWebhook({
      type: 'payment.succeeded',
      orderId: id,
      paymentId: `pay-${id.slice(0, 8)}`,
      amountMinor: totalMinor,
      currency,
    })
    expect(paid.status).toBe(200)
    const stub = env.SHOPPER.getByName(user.id)
    await eventsSent(user.id)
    expect(await retireAt(stub, Date.now() + 10 * WINDOW)).toEqual([])
    expect(await shoppers().get(id)).toMatchObject({ id, status: 'paid' })
  })
})
