/**
 * @module A shopper downloads their data and deletes their account: sessions end at once, the
 * archive keeps their orders under a pseudonym, and open orders hold the deletion back.
 */
import { describe, expect, it } from 'vitest'
import { orderEvent } from '#domain/orders/events'
import { createOrder } from '#domain/orders/order'
import { call, errorCode, signUp } from './accounts'
import { archive, newKey, placeOrder, productWith, receive } from './checkout-helpers'

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
    expect(kept?.userId).toMatch(/^deleted-[0-9a-f-]{36}$/)
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
})
