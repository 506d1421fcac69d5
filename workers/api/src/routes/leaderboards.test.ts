/** @module GET /v1/leaderboards/… in workerd: ranking, rank numbers, and degrading when counters fail. */
import { env } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import { DurableObjectCounters } from '#objects/counters/adapter'
import { call } from '#test/workers/accounts'

const ADMIN = { authorization: 'Bearer test-admin-key', 'content-type': 'application/json' }
// Nothing listens on port 9 of loopback: the real Upstash client gets a refused connection.
const COUNTERS_DOWN = {
  UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9',
  UPSTASH_REDIS_REST_TOKEN: 'token',
}

describe('leaderboards', () => {
  it('ranks a day board from the counters store, today by default', async () => {
    const counters = new DurableObjectCounters(env.COUNTERS)
    const today = new Date().toISOString().slice(0, 10)
    const tag = crypto.randomUUID().slice(0, 8)
    await counters.zIncrBy(`bestsellers:${today}`, `a-${tag}`, 2)
    await counters.zIncrBy(`bestsellers:${today}`, `b-${tag}`, 9)
    const res = await call('/v1/leaderboards/bestsellers?period=day&limit=100')
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      items: { member: string; rank: number }[]
      degraded: boolean
    }
    expect(body.degraded).toBe(false)
    const mine = body.items.filter((i) => i.member.endsWith(tag))
    expect(mine.map((i) => i.member)).toEqual([`b-${tag}`, `a-${tag}`])
    expect(body.items.map((i) => i.rank)).toEqual(body.items.map((_, i) => i + 1))
  })

  it('answers 200 degraded with no items when the counters store is down, and logs it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    for (const path of [
      '/v1/leaderboards/bestsellers?period=all',
      '/v1/leaderboards/trending-searches?period=day',
    ]) {
      const res = await call(path, {}, COUNTERS_DOWN)
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(await res.json()).toEqual({ items: [], degraded: true })
    }
    const lines = warn.mock.calls.map(([line]) => JSON.parse(String(line)))
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'leaderboard degraded: counters store failed',
        key: 'bestsellers:all',
        adapter: 'upstash',
      }),
    )
    warn.mockRestore()
  }, 20_000)

  it('still serves a product read when the counters store is down', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const created = await call('/v1/admin/products', {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({
        title: 'Degraded Runner',
        category: 'shoes',
        brand: 'Acme',
        status: 'active',
        variants: [{ sku: `T-${crypto.randomUUID().slice(0, 8)}`, priceMinor: 5_000 }],
      }),
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    const res = await call(`/v1/products/${id}`, {}, COUNTERS_DOWN)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { id: string }).id).toBe(id)
    // The view's flush was attempted after the response and its failure logged, not thrown.
    const lines = warn.mock.calls.map(([line]) => JSON.parse(String(line)))
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'counts not written', counts: 1 }))
    warn.mockRestore()
  }, 20_000)
})
