/**
 * @module Guest checkout: a shopper without an account gets a guest session and a Shopper object
 * of their own, buys and sees their order; guests reach cart, checkout, their orders and payment
 * only; an account claims a guest's orders only by presenting the guest's own session.
 */
import { describe, expect, it } from 'vitest'
import { orderEvent } from '#domain/orders/events'
import { createOrder } from '#domain/orders/order'
import { newOrderId } from '#objects/shopper/order-ids'
import { call, errorCode, signUp, uniqueEmail } from '../accounts'
import {
  archive,
  DATABASE_DOWN,
  newKey,
  placeOrder,
  productWith,
  receive,
} from '../checkout-helpers'

type GuestSession = {
  guest: { id: string; email: string }
  token: string
  refreshToken: string
}
type Order = { id: string; userId: string; status: string; totalMinor: number }

async function startGuest(email = uniqueEmail('guest')): Promise<GuestSession> {
  const res = await call('/v1/guest', { method: 'POST', json: { email } })
  expect(res.status).toBe(201)
  return (await res.json()) as GuestSession
}

/** A guest who put a SKU in their cart and checked it out. */
async function guestWithOrder(email?: string) {
  const guest = await startGuest(email)
  const [sku] = (await productWith([1250])) as [string]
  await receive(sku, 5)
  const put = await call(`/v1/cart/items/${sku}`, {
    method: 'PUT',
    token: guest.token,
    json: { quantity: 2 },
  })
  expect(put.status).toBe(200)
  const placed = await placeOrder(guest.token, { fromCart: true }, newKey())
  expect(placed.status).toBe(201)
  return { guest, order: (await placed.json()) as Order }
}

/** A cancelled order of shopper `owner` that lives in the archive only (retired from its object). */
async function archivedOrderOf(owner: string): Promise<string> {
  const now = Date.now()
  const order = createOrder({
    id: newOrderId(owner),
    userId: owner,
    currency: 'EUR',
    lines: [{ sku: 'ARCH-G', productId: 'p-arch', title: 'Old', unitPriceMinor: 700, quantity: 1 }],
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

const historyIds = async (token: string) => {
  const res = await call('/v1/orders', { token })
  expect(res.status).toBe(200)
  return ((await res.json()) as { items: Order[] }).items.map((o) => o.id)
}

describe('guest checkout', () => {
  it('a guest checks out from their own Shopper object, sees and pays their order', async () => {
    const { guest, order } = await guestWithOrder()
    expect(order.userId).toBe(guest.guest.id)
    // The order id routes to the guest's own object: its first half is the guest id.
    expect(order.id.slice(0, 32)).toBe(guest.guest.id.replaceAll('-', ''))
    expect(order.totalMinor).toBe(2500)
    const seen = await call(`/v1/orders/${order.id}`, { token: guest.token })
    expect(seen.status).toBe(200)
    expect(((await seen.json()) as Order).status).toBe('pending_payment')
    expect(await historyIds(guest.token)).toEqual([order.id])
    const paid = await call(`/v1/dev/payments/${order.id}`, { method: 'POST', token: guest.token })
    expect(paid.status).toBe(200)
    const after = await call(`/v1/orders/${order.id}`, { token: guest.token })
    expect(((await after.json()) as Order).status).toBe('paid')
  })

  it('a guest who signs out cannot refresh any more', async () => {
    const guest = await startGuest()
    const out = await call('/v1/auth/logout', { method: 'POST', token: guest.token })
    expect(out.status).toBe(204)
    const res = await call('/v1/auth/refresh', {
      method: 'POST',
      json: { refreshToken: guest.refreshToken },
    })
    expect(res.status).toBe(401)
  })

  it('a guest session refreshes like an account session', async () => {
    const guest = await startGuest()
    const res = await call('/v1/auth/refresh', {
      method: 'POST',
      json: { refreshToken: guest.refreshToken },
    })
    expect(res.status).toBe(200)
    const next = (await res.json()) as GuestSession
    expect(next.guest.id).toBe(guest.guest.id)
    expect((await call('/v1/cart', { token: next.token })).status).toBe(200)
  })

  it('guests may not call account, admin or ops routes', async () => {
    const guest = await startGuest()
    const attempts: [string, string, unknown?][] = [
      ['GET', '/v1/me'],
      ['GET', '/v1/me/export'],
      ['DELETE', '/v1/me', { password: 'x' }],
      ['POST', '/v1/me/password', { currentPassword: 'x', newPassword: 'yyyyyyyy' }],
      ['GET', '/v1/admin/orders'],
      ['GET', '/v1/admin/products'],
      ['POST', `/v1/admin/users/${guest.guest.id}/role`, { role: 'admin' }],
      ['GET', '/v1/ops/metrics'],
    ]
    for (const [method, path, json] of attempts) {
      const res = await call(path, { method, token: guest.token, json })
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(await errorCode(res)).toBe('forbidden')
    }
  })

  it('while the database is down a guest keeps their cart and orders (invariant 7) and is still refused elsewhere', async () => {
    const { guest, order } = await guestWithOrder()
    const cart = await call('/v1/cart', { token: guest.token }, DATABASE_DOWN)
    expect(cart.status).toBe(200)
    const seen = await call(`/v1/orders/${order.id}`, { token: guest.token }, DATABASE_DOWN)
    expect(seen.status).toBe(200)
    for (const path of ['/v1/me', '/v1/admin/orders']) {
      const res = await call(path, { token: guest.token }, DATABASE_DOWN)
      expect(res.status, path).toBe(403)
    }
  })

  it('another shopper’s token, or another guest’s, cannot see the guest’s order', async () => {
    const { order } = await guestWithOrder()
    const stranger = await signUp()
    const otherGuest = await startGuest()
    for (const token of [stranger.token, otherGuest.token]) {
      const res = await call(`/v1/orders/${order.id}`, { token })
      expect(res.status).toBe(404)
      expect(await historyIds(token)).not.toContain(order.id)
      const cancel = await call(`/v1/orders/${order.id}/cancel`, { method: 'POST', token })
      expect(cancel.status).toBe(404)
    }
  })
})

describe('claiming guest orders', () => {
  it('registering with the guest token and the same email makes the orders the account’s', async () => {
    const email = uniqueEmail('claim')
    const { guest, order } = await guestWithOrder(email)
    const res = await call('/v1/auth/register', {
      method: 'POST',
      json: { email, password: 'correct horse battery', guestToken: guest.token },
    })
    expect(res.status).toBe(201)
    const account = (await res.json()) as { token: string; claimedGuestId: string }
    expect(account.claimedGuestId).toBe(guest.guest.id)
    expect(await historyIds(account.token)).toContain(order.id)
    const seen = await call(`/v1/orders/${order.id}`, { token: account.token })
    expect(seen.status).toBe(200)
    const exported = await call('/v1/me/export', { token: account.token })
    const data = (await exported.json()) as { orders: Order[] }
    expect(data.orders.map((o) => o.id)).toContain(order.id)
    // The guest session has ended: its orders are reached through the account now.
    expect((await call('/v1/cart', { token: guest.token })).status).toBe(401)
    const refreshed = await call('/v1/auth/refresh', {
      method: 'POST',
      json: { refreshToken: guest.refreshToken },
    })
    expect(refreshed.status).toBe(401)
  })

  it('signing in with the guest token claims too; the account’s own orders stay', async () => {
    const user = await signUp()
    const [sku] = (await productWith([300])) as [string]
    await receive(sku, 3)
    const own = await placeOrder(user.token, { items: [{ sku, quantity: 1 }] }, newKey())
    expect(own.status).toBe(201)
    const ownId = ((await own.json()) as Order).id
    const { guest, order } = await guestWithOrder(user.email.toUpperCase())
    const res = await call('/v1/auth/login', {
      method: 'POST',
      json: { email: user.email, password: user.password, guestToken: guest.token },
    })
    expect(res.status).toBe(200)
    const { token } = (await res.json()) as { token: string }
    const ids = await historyIds(token)
    expect(ids).toEqual(expect.arrayContaining([ownId, order.id]))
    expect(ids).toHaveLength(2)
  })

  it('the same email without the guest token claims nothing', async () => {
    const email = uniqueEmail('noproof')
    const { order } = await guestWithOrder(email)
    const res = await call('/v1/auth/register', {
      method: 'POST',
      json: { email, password: 'correct horse battery' },
    })
    expect(res.status).toBe(201)
    const { token } = (await res.json()) as { token: string }
    expect(await historyIds(token)).not.toContain(order.id)
    expect((await call(`/v1/orders/${order.id}`, { token })).status).toBe(404)
  })

  it('a guest token with another email is refused and no account is created', async () => {
    const { guest, order } = await guestWithOrder()
    const email = uniqueEmail('mismatch')
    const res = await call('/v1/auth/register', {
      method: 'POST',
      json: { email, password: 'correct horse battery', guestToken: guest.token },
    })
    expect(res.status).toBe(409)
    expect(await errorCode(res)).toBe('guest_email_mismatch')
    const login = await call('/v1/auth/login', {
      method: 'POST',
      json: { email, password: 'correct horse battery' },
    })
    expect(login.status).toBe(401)
    // The guest still holds their order.
    expect((await call(`/v1/orders/${order.id}`, { token: guest.token })).status).toBe(200)
  })

  it('an account token or a forged token is no guest token; a claimed guest cannot be claimed again', async () => {
    const email = uniqueEmail('twice')
    const { guest } = await guestWithOrder(email)
    const other = await signUp()
    const wrong = await call('/v1/auth/login', {
      method: 'POST',
      json: { email: other.email, password: other.password, guestToken: other.token },
    })
    expect(wrong.status).toBe(403)
    expect(await errorCode(wrong)).toBe('guest_token_invalid')
    const first = await call('/v1/auth/register', {
      method: 'POST',
      json: { email, password: 'correct horse battery', guestToken: guest.token },
    })
    expect(first.status).toBe(201)
    // A second account (another email) presenting the same guest token gets nothing.
    const again = await call('/v1/auth/login', {
      method: 'POST',
      json: { email: other.email, password: other.password, guestToken: guest.token },
    })
    expect(again.status).toBe(409)
    expect(await errorCode(again)).toBe('guest_already_claimed')
  })

  it('claimed archived orders are the account’s; deleting the account anonymises them too', async () => {
    const email = uniqueEmail('leaver')
    const guest = await startGuest(email)
    const old = await archivedOrderOf(guest.guest.id)
    const res = await call('/v1/auth/register', {
      method: 'POST',
      json: { email, password: 'correct horse battery', guestToken: guest.token },
    })
    const { token } = (await res.json()) as { token: string }
    expect((await call(`/v1/orders/${old}`, { token })).status).toBe(200)
    expect(await historyIds(token)).toEqual([old])
    const del = await call('/v1/me', {
      method: 'DELETE',
      token,
      json: { password: 'correct horse battery' },
    })
    expect(del.status).toBe(204)
    expect((await archive().getOrder(old))?.userId).toMatch(/^deleted-/)
    // The email can register again, and the old guest is no longer anyone's to claim.
    const again = await call('/v1/auth/register', {
      method: 'POST',
      json: { email, password: 'correct horse battery', guestToken: guest.token },
    })
    expect(again.status).toBe(403)
    expect(await errorCode(again)).toBe('guest_token_invalid')
  })
})
