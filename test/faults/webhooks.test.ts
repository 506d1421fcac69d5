/**
 * @module Outbound webhooks end to end: the production bundles in workerd (the PlanetScale
 * adapter over the dev bridge and MySQL) post to a real HTTP receiver started here, which
 * verifies every signature. A 500 is retried with backoff, a receiver that stays down gets its
 * delivery marked failed after the attempts run out, and replay re-delivers the same event with a
 * new timestamp.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRETS } from '#bench/serve'
import { type Platform, startPlatform } from './platform'
import { until } from './poll'
import { call, checkoutOf, orderId, pay, placeOrder, stockedProduct } from './shop'
import { type Receiver, startReceiver } from './webhook-receiver'

const token = SECRETS.ADMIN_API_KEY
type Endpoint = { endpoint: { id: string; url: string }; secret: string }
type Delivery = {
  id: string
  eventId: string
  eventType: string
  status: string
  attempts: number
  attemptLog: { attempt: number; responseStatus: number | null; error: string | null }[]
}

describe('outbound webhooks', () => {
  let platform: Platform
  let receiver: Receiver
  let url: string
  beforeAll(async () => {
    receiver = await startReceiver()
    // Short backoff (1 s, 2 s, …) and three attempts, so retries and failure fit in a test.
    platform = await startPlatform('webhooks', {
      WEBHOOK_RETRY_BASE_SECONDS: '1',
      WEBHOOK_MAX_ATTEMPTS: '3',
      LOW_STOCK_THRESHOLD: '5',
    })
    url = platform.url()
  })
  afterAll(async () => {
    await platform?.close()
    await receiver?.close()
  })

  const register = async (path: string, eventTypes: string[]) => {
    const res = await call(url, '/v1/admin/webhooks', {
      method: 'POST',
      token,
      json: { url: `${receiver.url}${path}`, eventTypes, description: path },
    })
    expect(res.status, res.text).toBe(201)
    const created = res.body as Endpoint
    receiver.secrets.set(path, created.secret)
    return created
  }
  const deliveries = async (query: string) => {
    const res = await call(url, `/v1/ops/webhooks/deliveries?${query}`, { token })
    expect(res.status, res.text).toBe(200)
    return (res.body as { items: Delivery[] }).items
  }
  const arrived = (path: string, type: string, answered = 200) =>
    receiver.received.filter(
      (r) => r.path === path && r.event.type === type && r.answered === answered,
    )

  it('refuses bad endpoints and strangers, and never shows a secret again', async () => {
    const before = await call(url, '/v1/admin/webhooks', { token })
    for (const json of [
      { url: 'http://shop.example/hooks', eventTypes: ['order.paid'] },
      { url: 'https://shop.example/hooks', eventTypes: ['order.shipped'] },
      { url: 'https://shop.example/hooks', eventTypes: [] },
      { url: 'https://shop.example/hooks', eventTypes: ['order.paid'], secret: 'mine' },
    ]) {
      const res = await call(url, '/v1/admin/webhooks', { method: 'POST', token, json })
      expect([res.status, (res.body as { error: { code: string } }).error.code]).toEqual([
        400,
        'validation_failed',
      ])
    }
    expect((await call(url, '/v1/admin/webhooks', { token })).body).toEqual(before.body)
    expect((await call(url, '/v1/admin/webhooks')).status).toBe(401)
    expect((await call(url, '/v1/ops/webhooks/deliveries')).status).toBe(401)

    const created = await register('/strangers', ['stock.out'])
    expect(created.secret).toMatch(/^whsec_/)
    const shown = await call(url, `/v1/admin/webhooks/${created.endpoint.id}`, { token })
    expect(shown.status).toBe(200)
    expect(shown.text).not.toContain(created.secret)
    expect((await call(url, '/v1/admin/webhooks', { token })).text).not.toContain(created.secret)
    const rotated = await call(url, `/v1/admin/webhooks/${created.endpoint.id}/rotate-secret`, {
      method: 'POST',
      token,
    })
    expect(rotated.status).toBe(200)
    expect((rotated.body as Endpoint).secret).not.toBe(created.secret)
    const removed = await call(url, `/v1/admin/webhooks/${created.endpoint.id}`, {
      method: 'DELETE',
      token,
    })
    expect(removed.status).toBe(204)
    expect((await call(url, `/v1/admin/webhooks/${created.endpoint.id}`, { token })).status).toBe(
      404,
    )
  })

  it('delivers signed order and stock events, retries a 500, and replays with a new timestamp', async () => {
    const shop = await register('/shop', [
      'order.placed',
      'order.paid',
      'order.cancelled',
      'stock.low',
      'stock.out',
    ])
    // The first order.placed delivery meets a 500; the retry after the backoff gets a 200.
    receiver.script.set('/shop', [500])
    const { skus } = await stockedProduct(url, 1, 6)
    const sku = skus[0] ?? ''
    const first = await placeOrder(url, await checkoutOf(url, sku, 2))
    expect(first.status).toBe(201)
    const firstId = orderId(first)
    const order = first.body as { id: string; totalMinor: number; currency: string }
    // stock.low reads the stock hint when the order's event is processed: let that happen before
    // the next sale empties the SKU (a sale that empties it sends stock.out instead).
    await until('stock.low arrived', async () => arrived('/shop', 'stock.low').length === 1)
    expect((await pay(url, order)).status).toBe(200)
    const second = await placeOrder(url, await checkoutOf(url, sku, 4))
    expect(second.status).toBe(201)

    const seen = () =>
      receiver.received.map((r) => `${r.path} ${r.event.type} ${r.answered} ${r.verified}`)
    await until(`every event reached the receiver (${seen().length} so far)`, async () => {
      const placed = arrived('/shop', 'order.placed').map(
        (r) => (r.event.data as { id: string }).id,
      )
      return (
        placed.includes(firstId) &&
        placed.includes(orderId(second)) &&
        arrived('/shop', 'order.paid').length === 1 &&
        arrived('/shop', 'stock.out').length === 1
      )
    }).catch((err: Error) => {
      throw new Error(`${err.message}; received: ${seen().join(', ')}`)
    })
    const mine = receiver.received.filter((r) => r.path === '/shop')
    expect(mine.every((r) => r.verified)).toBe(true)
    // The 500 was answered to the first attempt of the first order.placed, and it came again.
    const refused = mine.filter((r) => r.answered === 500)
    expect(refused).toHaveLength(1)
    const retried = mine.filter((r) => r.event.id === refused[0]?.event.id)
    expect(retried.map((r) => [r.answered, r.headers['x-webhook-attempt']])).toEqual([
      [500, '1'],
      [200, '2'],
    ])
    expect(retried[1]?.body).toBe(retried[0]?.body)
    expect(arrived('/shop', 'stock.low')[0]?.event.data).toEqual({
      sku,
      available: 4,
      threshold: 5,
    })
    expect(arrived('/shop', 'stock.out')[0]?.event.data).toEqual({ sku })
    expect(mine[0]?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-webhook-event': mine[0]?.event.type,
      'x-webhook-id': mine[0]?.event.id,
    })

    // The log shows both attempts of the retried delivery. The receiver answers before the
    // consumer writes the attempt down, so wait for the log rather than read it once.
    let logged: Delivery[] = []
    await until('the retried delivery is logged as delivered', async () => {
      logged = await deliveries(`endpointId=${shop.endpoint.id}`)
      const entry = logged.find((d) => d.eventId === refused[0]?.event.id)
      return (
        entry?.status === 'delivered' &&
        logged.some((d) => d.eventType === 'order.paid' && d.status === 'delivered')
      )
    })
    const retriedLog = logged.find((d) => d.eventId === refused[0]?.event.id)
    expect(retriedLog).toMatchObject({ status: 'delivered', attempts: 2 })
    expect(retriedLog?.attemptLog.map((a) => [a.attempt, a.responseStatus, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 200, null],
    ])

    // Replay: the same event id and body, a new signature timestamp, logged as attempt 2.
    const paid = logged.find((d) => d.eventType === 'order.paid') as Delivery
    const original = arrived('/shop', 'order.paid')[0]
    await new Promise((r) => setTimeout(r, 1_100))
    const replay = await call(url, `/v1/ops/webhooks/deliveries/${paid.id}/replay`, {
      method: 'POST',
      token,
    })
    expect(replay.status, replay.text).toBe(202)
    await until('the replay arrived', async () => arrived('/shop', 'order.paid').length === 2)
    const again = arrived('/shop', 'order.paid')[1]
    expect(again?.verified).toBe(true)
    expect(again?.event.id).toBe(original?.event.id)
    expect(again?.body).toBe(original?.body)
    expect(again?.timestamp).toBeGreaterThan(original?.timestamp ?? Infinity)
    expect(again?.headers['x-webhook-attempt']).toBe('2')
  })

  it('marks a delivery failed after the attempts run out, and replay delivers it later', async () => {
    const down = await register('/down', ['order.cancelled'])
    receiver.fallback.set('/down', 503)
    const { skus } = await stockedProduct(url, 1, 3)
    const checkout = await checkoutOf(url, skus[0] ?? '', 1)
    const placed = await placeOrder(url, checkout)
    const cancel = await call(url, `/v1/orders/${orderId(placed)}/cancel`, {
      method: 'POST',
      token: checkout.token,
    })
    expect(cancel.status, cancel.text).toBe(200)
    const failed = await until(
      'the delivery failed',
      async () => (await deliveries(`endpointId=${down.endpoint.id}&status=failed`))[0],
      60_000,
    )
    expect(failed.attemptLog.map((a) => [a.attempt, a.responseStatus])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
    ])
    expect(arrived('/down', 'order.cancelled', 503)).toHaveLength(3)

    receiver.fallback.set('/down', 200)
    const replay = await call(url, `/v1/ops/webhooks/deliveries/${failed.id}/replay`, {
      method: 'POST',
      token,
    })
    expect(replay.status).toBe(202)
    const delivered = await until('the replay was delivered', async () => {
      const res = await call(url, `/v1/ops/webhooks/deliveries/${failed.id}`, { token })
      const d = (res.body as { delivery: Delivery }).delivery
      return d.status === 'delivered' && d
    })
    expect(delivered.attemptLog.map((a) => [a.attempt, a.responseStatus])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
      [4, 200],
    ])
    expect(arrived('/down', 'order.cancelled')).toHaveLength(1)
  })
})
