/**
 * @module A shopper's orders over HTTP in workerd: history before and after archival, paging,
 * cancel, and invariant 5 (another shopper's order is 404 and stays unchanged).
 */
import { describe, expect, it } from 'vitest'
import { shoppers } from '#objects/shopper/test-helpers'
import { call, errorCode, signUp } from './accounts'
import {
  archive,
  deliver,
  eventsSent,
  inventory,
  newKey,
  placeOrder,
  productWith,
  receive,
  recordEvents,
} from './checkout-helpers'

type Order = { id: string; status: string; version: number; createdAt: number }
type Page = { items: Order[]; nextCursor: string | null }

const list = async (token: string, query = '') =>
  (await (await call(`/v1/orders${query}`, { token })).json()) as Page

describe('GET /v1/orders', () => {
  it('shows new orders at once, keeps one copy once archived, and pages newest first', async () => {
    const [sku] = (await productWith([400])) as [string]
    await receive(sku, 10)
    const shopper = await signUp()
    const sent: unknown[] = []
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const key = newKey()
      await recordEvents(shopper.user.id, sent)
      const res = await placeOrder(shopper.token, { items: [{ sku, quantity: 1 }] }, key)
      ids.unshift(((await res.json()) as Order).id)
    }
    // Nothing archived yet: the three come from their objects, newest first.
    expect((await list(shopper.token)).items.map((o) => o.id)).toEqual(ids)

    await eventsSent(shopper.user.id)
    await deliver(sent, 'hist')
    const cancelled = await call(`/v1/orders/${ids[1]}/cancel`, {
      method: 'POST',
      token: shopper.token,
    })
    expect(cancelled.status).toBe(200)
    // The archive now holds all three; the cancelled one is newer in its object than there.
    const mixed = await list(shopper.token)
    expect(mixed.items.map((o) => [o.id, o.status])).toEqual([
      [ids[0], 'pending_payment'],
      [ids[1], 'cancelled'],
      [ids[2], 'pending_payment'],
    ])
    // The object holds all three until they are retired; the list shows each once.
    expect((await shoppers().orders(shopper.user.id)).map((o) => o.id)).toEqual(ids)

    const first = await list(shopper.token, '?limit=2')
    expect(first.items.map((o) => o.id)).toEqual(ids.slice(0, 2))
    const second = await list(shopper.token, `?limit=2&cursor=${first.nextCursor}`)
    expect([second.items.map((o) => o.id), second.nextCursor]).toEqual([ids.slice(2), null])
    expect(await archive().countOrders()).toBeGreaterThanOrEqual(3)

    const bad = await call('/v1/orders?cursor=not-a-cursor', { token: shopper.token })
    expect([bad.status, await errorCode(bad)]).toEqual([400, 'validation_failed'])
    const big = await call('/v1/orders?limit=51', { token: shopper.token })
    expect(big.status).toBe(400)
  })
})

describe('order ownership', () => {
  it('answers 404 to another shopper reading or cancelling an order, and changes nothing', async () => {
    const [sku] = (await productWith([900])) as [string]
    await receive(sku, 4)
    const [a, b] = [await signUp(), await signUp()]
    const res = await placeOrder(a.token, { items: [{ sku, quantity: 2 }] }, newKey())
    const order = (await res.json()) as Order

    for (const [method, path] of [
      ['GET', `/v1/orders/${order.id}`],
      ['POST', `/v1/orders/${order.id}/cancel`],
      ['GET', '/v1/orders/not-an-order-id'],
      ['POST', `/v1/orders/${'0'.repeat(64)}/cancel`],
    ] as const) {
      const denied = await call(path, { method, token: b.token })
      expect([path, denied.status, await errorCode(denied)]).toEqual([path, 404, 'not_found'])
    }
    expect((await list(b.token)).items).toEqual([])
    const mine = (await (await call(`/v1/orders/${order.id}`, { token: a.token })).json()) as Order
    expect(mine).toEqual(order)
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 2, available: 2 })

    const cancel = await call(`/v1/orders/${order.id}/cancel`, { method: 'POST', token: a.token })
    expect([cancel.status, ((await cancel.json()) as Order).status]).toEqual([200, 'cancelled'])
    expect(await inventory().snapshot(sku)).toMatchObject({ reserved: 0, available: 4 })
    const twice = await call(`/v1/orders/${order.id}/cancel`, { method: 'POST', token: a.token })
    expect([twice.status, await errorCode(twice)]).toEqual([409, 'invalid_transition'])
  })
})
