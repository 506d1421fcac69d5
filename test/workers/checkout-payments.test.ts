/**
 * @module Payment webhooks, expiry and admin changes over HTTP in workerd: a signed payment sells
 * the stock; bad signatures, stale timestamps and wrong amounts change nothing; expiry frees it.
 */
import { env, runDurableObjectAlarm } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { signPayload } from '#domain/payments/signature'
import { ADMIN_KEY, call, errorCode } from './accounts'
import {
  inventory,
  newKey,
  payWebhook,
  placeOrder,
  productWith,
  receive,
  replayLedger,
  shopper,
} from './checkout-helpers'

type Order = { id: string; status: string; version: number; totalMinor: number; currency: string }

/** A shopper's order of `quantity` units at 1 250 each, placed through the API. */
async function placed(quantity = 2, bindings = {}) {
  const [sku] = (await productWith([1_250])) as [string]
  await receive(sku, 5)
  const user = await shopper()
  const key = newKey()
  const res = await placeOrder(user.token, { items: [{ sku, quantity }] }, key, bindings)
  expect(res.status).toBe(201)
  return { sku, user, key, order: (await res.json()) as Order }
}

const payment = (order: Order, over: object = {}) => ({
  type: 'payment.succeeded',
  paymentId: `pay-${order.id.slice(0, 8)}`,
  orderId: order.id,
  amountMinor: order.totalMinor,
  currency: order.currency,
  ...over,
})

const readOrder = async (token: string, id: string) =>
  (await (await call(`/v1/orders/${id}`, { token })).json()) as Order

describe('POST /v1/webhooks/payments', () => {
  it('makes the order paid and sells its stock; a replayed delivery changes nothing', async () => {
    const { sku, user, order } = await placed(2)
    const res = await payWebhook(payment(order))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      received: true,
      order: { id: order.id, status: 'paid', version: 2 },
    })
    const replay = await payWebhook(payment(order))
    expect([replay.status, ((await replay.json()) as { order: Order }).order.version]).toEqual([
      200, 2,
    ])
    expect(await readOrder(user.token, order.id)).toMatchObject({ status: 'paid', version: 2 })
    const levels = await inventory().snapshot(sku)
    expect(levels).toMatchObject({ sold: 2, reserved: 0, onHand: 3, available: 3 })
    expect(levels.sold + levels.onHand).toBe(levels.received + levels.adjusted)
    expect(replayLedger(await inventory().ledger(sku, 100))).toEqual({
      onHand: 3,
      available: 3,
      sold: 2,
    })
  })

  it('refuses a bad, missing, re-dated or stale signature with 401 and changes nothing', async () => {
    const { user, order } = await placed(1)
    const body = payment(order)
    const now = Math.floor(Date.now() / 1000)
    const good = await signPayload(env.PAYMENT_WEBHOOK_SECRET, now, JSON.stringify(body))
    for (const over of [
      { secret: 'not-the-secret' },
      { signature: null },
      { signature: 'garbage' },
      { signature: good.replace(`t=${now}`, `t=${now - 1}`) },
      { at: now - 301 },
      { at: now + 301 },
    ]) {
      const res = await payWebhook(body, over)
      expect([JSON.stringify(over), res.status, await errorCode(res)]).toEqual([
        JSON.stringify(over),
        401,
        'invalid_signature',
      ])
      expect(res.headers.get('www-authenticate')).toBeNull()
    }
    expect(await readOrder(user.token, order.id)).toEqual(order)
  })

  it('refuses the wrong amount or currency with 422, and bad bodies with 400, changing nothing', async () => {
    const { sku, user, order } = await placed(2)
    for (const over of [{ amountMinor: order.totalMinor - 1 }, { currency: 'USD' }]) {
      const res = await payWebhook(payment(order, over))
      expect([res.status, await errorCode(res)]).toEqual([422, 'payment_mismatch'])
    }
    for (const bad of [
      payment(order, { type: 'payment.failed' }),
      payment(order, { extra: true }),
      payment(order, { amountMinor: '2500' }),
      { type: 'payment.succeeded' },
    ]) {
      const res = await payWebhook(bad)
      expect([res.status, await errorCode(res)]).toEqual([400, 'validation_failed'])
    }
    const unknown = await payWebhook(payment(order, { orderId: 'f'.repeat(64) }))
    expect([unknown.status, await errorCode(unknown)]).toEqual([404, 'not_found'])
    expect(await readOrder(user.token, order.id)).toEqual(order)
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 2, sold: 0 })
  })
})

describe('reservation expiry', () => {
  it("returns an unpaid order's stock at expiry through its alarm, and refuses payment after", async () => {
    const short = { RESERVATION_TTL_SECONDS: '1' }
    const { sku, user, order } = await placed(3, short)
    expect(order.status).toBe('pending_payment')
    expect(await (await call(`/v1/inventory/${sku}`)).json()).toEqual({ sku, available: 2 })
    await new Promise((r) => setTimeout(r, 1_100))
    await runDurableObjectAlarm(env.SHOPPER.getByName(user.id))
    expect(await (await call(`/v1/inventory/${sku}`)).json()).toEqual({ sku, available: 5 })
    expect(await readOrder(user.token, order.id)).toMatchObject({ status: 'expired', version: 2 })
    const late = await payWebhook(payment(order))
    expect([late.status, await errorCode(late)]).toEqual([409, 'invalid_transition'])
    expect(await inventory().snapshot(sku)).toMatchObject({ sold: 0, reserved: 0, available: 5 })
  })
})

describe('admin order changes', () => {
  it('fulfils and refunds a paid order, refusing moves the state machine does not allow', async () => {
    const { order } = await placed(1)
    const admin = (path: string) => call(path, { method: 'POST', token: ADMIN_KEY })
    const early = await admin(`/v1/admin/orders/${order.id}/fulfil`)
    expect([early.status, await errorCode(early)]).toEqual([409, 'invalid_transition'])
    expect((await payWebhook(payment(order))).status).toBe(200)
    const fulfilled = await admin(`/v1/admin/orders/${order.id}/fulfil`)
    expect([fulfilled.status, ((await fulfilled.json()) as Order).status]).toEqual([
      200,
      'fulfilled',
    ])
    const refunded = await admin(`/v1/admin/orders/${order.id}/refund`)
    expect([refunded.status, ((await refunded.json()) as Order).version]).toEqual([200, 4])
    const again = await admin(`/v1/admin/orders/${order.id}/refund`)
    expect(again.status).toBe(409)
    for (const query of ['status=lost', 'limit=0', 'limit=51', 'cursor=bad', 'sort=asc']) {
      const res = await call(`/v1/admin/orders?${query}`, { token: ADMIN_KEY })
      expect([query, res.status, await errorCode(res)]).toEqual([query, 400, 'validation_failed'])
    }
    for (const id of ['f'.repeat(64), 'nope']) {
      const res = await admin(`/v1/admin/orders/${id}/fulfil`)
      expect([res.status, await errorCode(res)]).toEqual([404, 'not_found'])
    }
  })
})
