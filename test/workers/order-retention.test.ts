/**
 * @module Retention (issue 5.6): a finished order leaves its object once its window has passed
 * and the archive holds it; history and the order page are then served from the archive.
 */
import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { orderObjectName } from '#objects/order/adapter'
import { RECHECK_MS, retentionMs } from '#objects/order/retention'
import { alarmOf, archiveCheckOf } from '#objects/order/test-helpers'
import { call } from './accounts'
import {
  deliver,
  newKey,
  payWebhook,
  placeOrder,
  productWith,
  receive,
  recordEvents,
  shopper,
} from './checkout-helpers'

const WINDOW = retentionMs(env)
const retentionCheckOf = (stub: DurableObjectStub) =>
  runInDurableObject(
    stub,
    (_, state) =>
      state.storage.sql.exec<{ check_at: number }>('SELECT check_at FROM retention').toArray()[0]
        ?.check_at,
  )
const tableRows = (stub: DurableObjectStub, table: string) =>
  runInDurableObject(stub, (_, state) =>
    state.storage.sql.exec(`SELECT count(*) AS n FROM ${table}`).one(),
  )

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
    await recordEvents(user.id, key, sent)
    const body = { items: [{ sku, quantity: 2 }] }
    const placed = await placeOrder(user.token, body, key)
    expect(placed.status).toBe(201)
    const { id } = (await placed.json()) as { id: string }
    const cancelled = await call(`/v1/orders/${id}/cancel`, { method: 'POST', token: user.token })
    expect(cancelled.status).toBe(200)
    const stub = env.ORDER.getByName(orderObjectName(user.id, key))
    const order = await stub.get()
    if (!order) throw new Error('expected the order in its object')

    // Finished: besides the archive check, the alarm now waits for the end of the window.
    const check = (await archiveCheckOf(stub)) as number
    expect(await alarmOf(stub)).toBe(Math.min(check, order.updatedAt + WINDOW))
    expect(await stub.retireIfDue(Date.now())).toBe(false)
    // Past the window but not archived yet: it stays, and looks again an hour later.
    const later = order.updatedAt + WINDOW + 1_000
    expect(await stub.retireIfDue(later)).toBe(false)
    expect(await stub.get()).toMatchObject({ id, status: 'cancelled' })
    expect(await retentionCheckOf(stub)).toBe(later + RECHECK_MS)
    expect(await alarmOf(stub)).toBe(Math.min(check, later + RECHECK_MS))

    // Archived (placed and cancelled, both versions): now it leaves, keeping only a tombstone.
    expect((await deliver(sent, 'retention')).explicitAcks).toHaveLength(2)
    expect(await stub.retireIfDue(later + RECHECK_MS)).toBe(true)
    expect(await stub.get()).toBeNull()
    for (const table of ['order_state', 'placement', 'outbox', 'holders', 'archive_check'])
      expect(await tableRows(stub, table)).toEqual({ n: 0 })
    expect(await tableRows(stub, 'retired')).toEqual({ n: 1 })
    expect(await alarmOf(stub)).toBeNull()

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
    const stub = env.ORDER.getByName(orderObjectName(user.id, key))
    expect(await stub.retireIfDue(Date.now() + 10 * WINDOW)).toBe(false)
    expect(await stub.get()).toMatchObject({ id, status: 'paid' })
  })
})
