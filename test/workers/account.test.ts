/**
 * @module A shopper downloads their data and deletes their account: sessions end at once, the
 * archive keeps their orders under a pseudonym, and open orders hold the deletion back.
 */
import { describe, expect, it } from 'vitest'
import { orderEvent } from '#domain/orders/events'
import { createOrder } from '#domain/orders/order'
import { dueWorkAt, stubOf } from '#objects/shopper/test-helpers'
import { ADMIN_KEY, call, errorCode, signUp } from './accounts'
import {
  archive,
  deliver,
  eventsSent,
  newKey,
  payWebhook,
  placeOrder,
  productWith,
  receive,
  recordEvents,
} from './checkout-helpers'

type Exported = {
  profile: { id: string; email: string }
  cart: { items: { sku: string; quantity: number }[] }
  orders: { id: string; status: string; userId: string }[]
}

/** An order of `userId` already in the archive, as the consumer would have written it. */
async function archivedOrder(userId: string) {
  const now = Date.now()
  const order = createOrder({
    id: crypto.randomUUID().replaceAll('-', '').repeat(2),
    userId,
    currency: 'EUR',
    lines: [{ sku: 'ARCH-1', productId: 'p-arch', title: 'Old', unitPriceMinor: 700, quantity: 1 }],
    now: now - 86_400_000,
    expiresAt: now,
  })
  const cancelled = { ...order, status: 'cancelled' as const, version: 2, updatedAt: now }
  await archive().applyOrderEvent(orderEvent(order, crypto.randomUUID()))
  await archive().applyOrderEvent({
    ...orderEvent(cancelled, crypto.randomUUID()),
    type: 'order.cancelled',
  } as never)
  return order.id
}

describe('account data', () => {
  it('exports profile, cart and every order as JSON, to the caller only', async () => {
    const user = await signUp()
    const [sku] = (await productWith([450])) as [string]
    await receive(sku, 5)
    const put = await call(`/v1/cart/items/${sku}`, {
      method: 'PUT',
      token: user.token,
      json: { quantity: 2 },
    })
    expect(put.status).toBe(200)
    const placed = await placeOrder(user.token, { items: [{ sku, quantity: 1 }] }, newKey())
    expect(placed.status).toBe(201)
    const old = await archivedOrder(user.user.id)

    const res = await call('/v1/me/export', { token: user.token })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toContain('no-store')
    expect(res.headers.get('content-disposition')).toContain('attachment')
    const data = (await res.json()) as Exported
    expect(data.profile).toMatchObject({ id: user.user.id, email: user.email })
    expect(data.cart.items).toEqual([{ sku, quantity: 2 }])
    expect(data.orders.map((o) => o.id)).toContain(old)
    expect(data.orders).toHaveLength(2)
    expect(data.orders.every((o) => o.userId === user.user.id)).toBe(true)
    expect(JSON.stringify(data)).not.toMatch(/passwordHash|passwordSalt|pbkdf2/)
  })

  it('deletes an account: every token refused, archived orders kept under a pseudonym, email free again', async () => {
    const user = await signUp()
    const old = await archivedOrder(user.user.id)
    const wrong = await call('/v1/me', {
      method: 'DELETE',
      token: user.token,
      json: { password: 'nope' },
    })
    expect([wrong.status, await errorCode(wrong)]).toEqual([401, 'invalid_credentials'])
    expect((await call('/v1/me', { token: user.token })).status).toBe(200)

    const res = await call('/v1/me', {
      method: 'DELETE',
      token: user.token,
      json: { password: user.password },
    })
    expect(res.status).toBe(204)
    for (const path of ['/v1/me', '/v1/cart', '/v1/orders', '/v1/me/export'])
      expect([path, (await call(path, { token: user.token })).status]).toEqual([path, 401])
    const login = await call('/v1/auth/login', {
      method: 'POST',
      json: { email: user.email, password: user.password },
    })
    expect(login.status).toBe(401)

    expect((await archive().listOrdersByUser(user.user.id, 10)).items).toEqual([])
    const kept = await archive().getOrder(old)
    expect(kept).toMatchObject({ status: 'cancelled', totalMinor: 700 })
    expect(kept?.userId).toMatch(/^deleted-[0-9a-f]{28}$/)
    for (const e of await archive().getOrderEvents(old)) expect(e.data.userId).toBe(kept?.userId)

    const again = await call('/v1/auth/register', {
      method: 'POST',
      json: { email: user.email, password: user.password },
    })
    expect(again.status).toBe(201)
  })

  it('holds the deletion back while an order awaits payment, changing nothing', async () => {
    const user = await signUp()
    const [sku] = (await productWith([300])) as [string]
    await receive(sku, 2)
    const placed = await placeOrder(user.token, { items: [{ sku, quantity: 1 }] }, newKey())
    const { id } = (await placed.json()) as { id: string }
    const res = await call('/v1/me', {
      method: 'DELETE',
      token: user.token,
      json: { password: user.password },
    })
    expect([res.status, await errorCode(res)]).toEqual([409, 'orders_in_progress'])
    expect((await call('/v1/me', { token: user.token })).status).toBe(200)
    // Cancelled, the order no longer holds it back.
    expect(
      (await call(`/v1/orders/${id}/cancel`, { method: 'POST', token: user.token })).status,
    ).toBe(200)
    const done = await call('/v1/me', {
      method: 'DELETE',
      token: user.token,
      json: { password: user.password },
    })
    expect(done.status).toBe(204)
  })

  it('keeps a deleted account pseudonymous: later events of its orders and events that raced the deletion', async () => {
    const user = await signUp()
    const [sku] = (await productWith([900])) as [string]
    await receive(sku, 5)
    const sent: unknown[] = []
    await recordEvents(user.user.id, sent)
    // Two orders, paid and shipped; the events of the first reach the archive, those of the
    // second are still under way (taken by the queue, not yet consumed) when the account goes.
    const orders: { id: string; totalMinor: number; currency: string }[] = []
    for (const _ of [1, 2]) {
      const res = await placeOrder(user.token, { items: [{ sku, quantity: 1 }] }, newKey())
      expect(res.status).toBe(201)
      const order = (await res.json()) as (typeof orders)[number]
      orders.push(order)
      const paid = await payWebhook({
        type: 'payment.succeeded',
        paymentId: `pay-${order.id.slice(0, 12)}`,
        orderId: order.id,
        amountMinor: order.totalMinor,
        currency: order.currency,
      })
      expect(paid.status).toBe(200)
      const shipped = await call(`/v1/admin/orders/${order.id}/fulfil`, {
        method: 'POST',
        token: ADMIN_KEY,
      })
      expect(shipped.status).toBe(200)
    }
    const [first, second] = orders as [(typeof orders)[0], (typeof orders)[0]]
    await eventsSent(user.user.id)
    const ofOrder = (id: string) =>
      sent.filter((e) => (e as { data: { id: string } }).data.id === id)
    await deliver(ofOrder(first.id), `first-${first.id}`)
    expect((await archive().getOrder(first.id))?.userId).toBe(user.user.id)
    const late = ofOrder(second.id)
    expect(late.length).toBeGreaterThan(0)

    const gone = await call('/v1/me', {
      method: 'DELETE',
      token: user.token,
      json: { password: user.password },
    })
    expect(gone.status).toBe(204)
    const pseudonym = (await archive().getOrder(first.id))?.userId
    expect(pseudonym).toMatch(/^deleted-[0-9a-f]{28}$/)
    // The object holds its orders under the pseudonym too.
    const held = await stubOf(user.user.id).orders()
    expect(held.map((o) => o.userId)).toEqual([pseudonym, pseudonym])

    // A refund after the deletion: its event names the pseudonym, and the archive keeps it.
    sent.length = 0
    const refund = await call(`/v1/admin/orders/${first.id}/refund`, {
      method: 'POST',
      token: ADMIN_KEY,
    })
    expect(refund.status).toBe(200)
    await eventsSent(user.user.id)
    expect(sent.map((e) => (e as { data: { userId: string } }).data.userId)).toEqual([pseudonym])
    await deliver(sent, `refund-${first.id}`)
    expect(await archive().getOrder(first.id)).toMatchObject({
      status: 'refunded',
      userId: pseudonym,
    })

    // The second order's events, sent before the deletion, arrive after it: the archive writes
    // them under the old id, and the object's sweep a while later pseudonymises them.
    await deliver(late, `late-${second.id}`)
    expect((await archive().getOrder(second.id))?.userId).toBe(user.user.id)
    await dueWorkAt(stubOf(user.user.id), Date.now() + 86_400_000)
    expect((await archive().getOrder(second.id))?.userId).toBe(pseudonym)
    for (const e of await archive().getOrderEvents(second.id)) expect(e.data.userId).toBe(pseudonym)
    expect((await archive().listOrdersByUser(user.user.id, 10)).items).toEqual([])
  })
})
