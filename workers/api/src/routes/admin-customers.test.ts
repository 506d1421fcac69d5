/** @module GET /v1/admin/customers/top-spenders in workerd: admins only, ranked by spend, degrading. */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { paidOrderCountId, paidOrderOps } from '#domain/counting/paid-order'
import { DurableObjectCounters } from '#objects/counters/adapter'
import { ADMIN_KEY, call, signUp } from '#test/workers/accounts'
import { paidEvent } from '#test/workers/leaderboards-orders'

type Board = { items: { member: string; score: number; rank: number }[]; degraded: boolean }

describe('GET /v1/admin/customers/top-spenders', () => {
  it('ranks customers by what their paid orders came to, for admins', async () => {
    const counters = new DurableObjectCounters(env.COUNTERS)
    const tag = crypto.randomUUID().slice(0, 8)
    const line = (unitPriceMinor: number, quantity: number) => ({
      sku: `S-${tag}`,
      productId: `p-${tag}`,
      title: 'Thing',
      unitPriceMinor,
      quantity,
    })
    const orders = [
      paidEvent(`big-${tag}`, [line(20_000, 1)], Date.now()),
      paidEvent(`small-${tag}`, [line(700, 2)], Date.now()),
      paidEvent(`small-${tag}`, [line(700, 1)], Date.now()),
    ]
    for (const o of orders) {
      await counters.applyOnce(paidOrderCountId(o.data.id), paidOrderOps(o.data, o.occurredAt))
    }
    const res = await call('/v1/admin/customers/top-spenders?limit=100', { token: ADMIN_KEY })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const body = (await res.json()) as Board
    expect(body.degraded).toBe(false)
    expect(
      body.items
        .filter((i) => i.member.endsWith(tag))
        .map(({ member, score }) => ({ member, score })),
    ).toEqual([
      { member: `big-${tag}`, score: 20_000 },
      { member: `small-${tag}`, score: 2_100 },
    ])
    expect(body.items.map((i) => i.rank)).toEqual(body.items.map((_, i) => i + 1))
  })

  it('refuses shoppers and anonymous callers', async () => {
    const shopper = await signUp('shopper')
    expect((await call('/v1/admin/customers/top-spenders', { token: shopper.token })).status).toBe(
      403,
    )
    expect((await call('/v1/admin/customers/top-spenders')).status).toBe(401)
  })

  it('answers 200 degraded when the counters store is down', async () => {
    const res = await call(
      '/v1/admin/customers/top-spenders',
      { token: ADMIN_KEY },
      { UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9', UPSTASH_REDIS_REST_TOKEN: 'token' },
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ items: [], degraded: true })
  }, 20_000)
})
