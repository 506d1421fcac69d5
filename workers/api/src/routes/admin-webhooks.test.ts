/** @module Tests of /v1/admin/webhooks and the ops delivery routes on D1, in workerd. */
import { env } from 'cloudflare:test'
import { afterAll, describe, expect, it } from 'vitest'
import { D1DatabaseAdapter } from '#adapters/d1/database'
import { newDelivery } from '#domain/webhooks/delivery'
import { ADMIN_KEY, call, errorCode, signUp } from '#test/workers/accounts'

type Created = { endpoint: { id: string; url: string; eventTypes: string[] }; secret: string }
const made: string[] = []
const store = new D1DatabaseAdapter(env.DB).webhooks

afterAll(async () => {
  for (const id of made) await store.deleteEndpoint(id)
})

async function create(json: unknown, bindings: object = {}) {
  const res = await call('/v1/admin/webhooks', { method: 'POST', token: ADMIN_KEY, json }, bindings)
  if (res.status === 201) made.push(((await res.clone().json()) as Created).endpoint.id)
  return res
}

describe('/v1/admin/webhooks', () => {
  it('registers an endpoint, shows the secret once, changes, rotates and removes it', async () => {
    const res = await create({ url: 'https://shop.example/in', eventTypes: ['order.paid'] })
    expect(res.status).toBe(201)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const { endpoint, secret } = (await res.json()) as Created
    expect(endpoint).toMatchObject({ url: 'https://shop.example/in', enabled: true })
    expect((await store.getEndpoint(endpoint.id))?.secret).toBe(secret)

    const path = `/v1/admin/webhooks/${endpoint.id}`
    const read = await call(path, { token: ADMIN_KEY })
    expect(await read.text()).not.toContain(secret)
    const patched = await call(path, {
      method: 'PATCH',
      token: ADMIN_KEY,
      json: { eventTypes: ['stock.low', 'stock.out'], enabled: false },
    })
    expect(await patched.json()).toMatchObject({
      endpoint: { eventTypes: ['stock.low', 'stock.out'], enabled: false },
    })
    const rotated = (await (
      await call(`${path}/rotate-secret`, { method: 'POST', token: ADMIN_KEY })
    ).json()) as Created & { endpoint: { previousSecretExpiresAt: number } }
    expect(rotated.secret).not.toBe(secret)
    expect(rotated.endpoint.previousSecretExpiresAt).toBeGreaterThan(Date.now())
    expect(await store.getEndpoint(endpoint.id)).toMatchObject({
      secret: rotated.secret,
      previousSecret: secret,
    })
    expect((await call(path, { method: 'DELETE', token: ADMIN_KEY })).status).toBe(204)
    expect(await errorCode(await call(path, { token: ADMIN_KEY }))).toBe('not_found')
    expect((await call(path, { method: 'DELETE', token: ADMIN_KEY })).status).toBe(404)
  })

  it('answers 400 to bad input and writes nothing', async () => {
    const before = (await store.listEndpoints()).length
    for (const json of [
      { url: 'http://shop.example/in', eventTypes: ['order.paid'] },
      { url: 'https://shop.example/in', eventTypes: ['order.paid', 'order.paid'] },
      { url: 'https://shop.example/in', eventTypes: ['nope'] },
      { url: 'https://shop.example/in' },
      { url: 'https://shop.example/in', eventTypes: ['order.paid'], extra: 1 },
    ]) {
      const res = await create(json)
      expect([res.status, await errorCode(res)], JSON.stringify(json)).toEqual([
        400,
        'validation_failed',
      ])
    }
    // Loopback over http is for development: production refuses it.
    const local = { url: 'http://127.0.0.1:9999/in', eventTypes: ['order.paid'] }
    expect((await create(local, { ENVIRONMENT: 'production' })).status).toBe(400)
    expect(await store.listEndpoints()).toHaveLength(before)
    expect((await create(local)).status).toBe(201)
    const id = made.at(-1) as string
    const bad = await call(`/v1/admin/webhooks/${id}`, {
      method: 'PATCH',
      token: ADMIN_KEY,
      json: { url: 'ftp://shop.example/in' },
    })
    expect(bad.status).toBe(400)
    expect((await store.getEndpoint(id))?.url).toBe('http://127.0.0.1:9999/in')
    expect((await call('/v1/admin/webhooks/whe_1', { token: ADMIN_KEY })).status).toBe(400)
  })

  it('is for admins, and deliveries for ops and admins', async () => {
    const shopper = await signUp()
    const ops = await signUp('ops')
    expect((await call('/v1/admin/webhooks', { token: shopper.token })).status).toBe(403)
    expect((await call('/v1/admin/webhooks', { token: ops.token })).status).toBe(403)
    expect((await call('/v1/ops/webhooks/deliveries', { token: ops.token })).status).toBe(200)
    expect((await call('/v1/ops/webhooks/deliveries', { token: shopper.token })).status).toBe(403)
  })
})

describe('/v1/ops/webhooks/deliveries', () => {
  it('lists deliveries newest first with their attempts, a page at a time, and replays one', async () => {
    const endpointId = `whe_${crypto.randomUUID().replace(/-/g, '')}`
    const at = Date.now()
    const deliveries = [0, 1, 2].map((i) =>
      newDelivery(
        endpointId,
        {
          id: `evt-ops-${at}-${i}`,
          type: 'order.paid',
          createdAt: new Date(at).toISOString(),
          data: { i },
        },
        at + i,
      ),
    )
    await store.addDeliveries(deliveries)
    const [first] = deliveries as [(typeof deliveries)[number]]
    await store.claimDelivery(first.id, at, at + 1)
    await store.recordAttempt(
      {
        deliveryId: first.id,
        attempt: 1,
        responseStatus: 500,
        durationMs: 3,
        error: 'HTTP 500',
        startedAt: at,
      },
      { status: 'failed', leaseUntil: 0, error: 'HTTP 500' },
    )
    const page = await call(`/v1/ops/webhooks/deliveries?endpointId=${endpointId}&limit=2`, {
      token: ADMIN_KEY,
    })
    const body = (await page.json()) as { items: { id: string }[]; nextCursor: string }
    expect(body.items.map((d) => d.id)).toEqual([deliveries[2]?.id, deliveries[1]?.id])
    const rest = (await (
      await call(`/v1/ops/webhooks/deliveries?endpointId=${endpointId}&cursor=${body.nextCursor}`, {
        token: ADMIN_KEY,
      })
    ).json()) as { items: unknown[]; nextCursor: null }
    expect(rest).toEqual({
      items: [
        expect.objectContaining({
          id: first.id,
          status: 'failed',
          event: {
            id: first.eventId,
            type: 'order.paid',
            createdAt: new Date(at).toISOString(),
            data: { i: 0 },
          },
          attemptLog: [
            { attempt: 1, responseStatus: 500, durationMs: 3, error: 'HTTP 500', startedAt: at },
          ],
        }),
      ],
      nextCursor: null,
    })
    const failedOnly = await call(
      `/v1/ops/webhooks/deliveries?endpointId=${endpointId}&status=failed`,
      {
        token: ADMIN_KEY,
      },
    )
    expect(((await failedOnly.json()) as { items: unknown[] }).items).toHaveLength(1)
    expect(
      (await call('/v1/ops/webhooks/deliveries?cursor=garbage', { token: ADMIN_KEY })).status,
    ).toBe(400)

    const replay = await call(`/v1/ops/webhooks/deliveries/${first.id}/replay`, {
      method: 'POST',
      token: ADMIN_KEY,
    })
    expect(replay.status).toBe(202)
    expect(await replay.json()).toMatchObject({
      delivery: { id: first.id, status: 'pending', attempts: 1, nextAttemptAt: null },
    })
    const missing = `/v1/ops/webhooks/deliveries/whd_${'0'.repeat(32)}`
    expect(await errorCode(await call(missing, { token: ADMIN_KEY }))).toBe('not_found')
    expect((await call(`${missing}/replay`, { method: 'POST', token: ADMIN_KEY })).status).toBe(404)
  })
})
