/** @module Tests of the local test payment route: it pays the caller's own order, and only where DEV_PAYMENTS enables it. */
import { describe, expect, it } from 'vitest'
import { call, errorCode } from '#test/workers/accounts'
import {
  inventory,
  newKey,
  placeOrder,
  productWith,
  receive,
  shopper,
} from '#test/workers/checkout-helpers'

type Order = { id: string; status: string; version: number; paymentId?: string | null }

async function placed(quantity: number) {
  const [sku] = (await productWith([990])) as [string]
  await receive(sku, 4)
  const user = await shopper()
  const res = await placeOrder(user.token, { items: [{ sku, quantity }] }, newKey())
  expect(res.status).toBe(201)
  return { sku, user, order: (await res.json()) as Order }
}

const pay = (id: string, token: string, bindings = {}) =>
  call(`/v1/dev/payments/${id}`, { method: 'POST', token }, bindings)
const readOrder = async (token: string, id: string) =>
  (await (await call(`/v1/orders/${id}`, { token })).json()) as Order

describe('POST /v1/dev/payments/:id', () => {
  it('pays the caller’s order through the webhook’s signature check; a retry changes nothing', async () => {
    const { sku, user, order } = await placed(3)
    const res = await pay(order.id, user.token)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      received: true,
      order: { id: order.id, status: 'paid', version: 2 },
    })
    const again = await pay(order.id, user.token)
    expect([again.status, ((await again.json()) as { order: Order }).order.version]).toEqual([
      200, 2,
    ])
    expect(await readOrder(user.token, order.id)).toMatchObject({
      status: 'paid',
      paymentId: `test-${order.id}`,
    })
    expect(await inventory().snapshot(sku)).toMatchObject({ sold: 3, reserved: 0, available: 1 })
  })

  it('answers 404 for another shopper’s order or an unknown one, changing nothing', async () => {
    const { user, order } = await placed(1)
    const stranger = await shopper()
    for (const [id, token] of [
      [order.id, stranger.token],
      ['f'.repeat(64), user.token],
      ['not-an-order', user.token],
    ] as const) {
      const res = await pay(id, token)
      expect([id, res.status, await errorCode(res)]).toEqual([id, 404, 'not_found'])
    }
    expect(await readOrder(user.token, order.id)).toMatchObject({ status: 'pending_payment' })
  })

  // Fails closed: only the exact value "enabled" opens it, whatever ENVIRONMENT says.
  it.each([
    ['unset', { DEV_PAYMENTS: undefined, ENVIRONMENT: 'development' }],
    ['"disabled" (as wrangler.toml ships)', { DEV_PAYMENTS: 'disabled' }],
    ['"prod"-like typos', { DEV_PAYMENTS: 'Enabled ', ENVIRONMENT: 'prod' }],
  ])(
    'is refused with the 404 envelope of an unknown route when %s, changing nothing',
    async (_, bindings) => {
      const { user, order } = await placed(1)
      const res = await pay(order.id, user.token, bindings)
      expect(res.status).toBe(404)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error).toMatchObject({
        code: 'not_found',
        message: `No route for POST /v1/dev/payments/${order.id}`,
      })
      expect(await readOrder(user.token, order.id)).toMatchObject({
        status: 'pending_payment',
        version: 1,
      })
    },
  )

  it('still needs a signed-in shopper', async () => {
    const res = await call('/v1/dev/payments/x', { method: 'POST' })
    expect(res.status).toBe(401)
  })
})
