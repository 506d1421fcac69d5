/**
 * @module Leaderboards end to end in workerd: paid orders through the real consumer, then the
 * HTTP routes, on the embedded counters and on Upstash (the dev bridge over the real Redis).
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { afterAll, describe, expect, it } from 'vitest'
import { createRedis } from '#adapters/upstash/client'
import consumer from '#consumer/index'
import { DurableObjectSearch } from '#objects/search-index/adapter'
import { call } from './accounts'
import { only, paidOrdersScenario } from './leaderboards-orders'

type Board = { items: { member: string; score: number; rank: number }[]; degraded: boolean }

const upstash = {
  UPSTASH_REDIS_REST_URL: env.TEST_SERVICES.UPSTASH_REDIS_REST_URL,
  UPSTASH_REDIS_REST_TOKEN: env.TEST_SERVICES.UPSTASH_REDIS_REST_TOKEN,
}
const stores: [string, object][] = [
  ['durable-object', {}],
  ['upstash', upstash],
]

/** Delivers `bodies` to the consumer Worker as one commerce-events batch, with `bindings` on env. */
async function deliver(bodies: unknown[], bindings: object, attempts = 1) {
  const batch = createMessageBatch(
    'commerce-events',
    bodies.map((body, i) => ({
      id: `lb-${crypto.randomUUID()}-${i}`,
      timestamp: new Date(),
      attempts,
      body,
    })),
  )
  const ctx = createExecutionContext()
  await consumer.queue(batch, { ...env, ...bindings } as never)
  return getQueueResult(batch, ctx)
}

async function board(path: string, bindings: object = {}) {
  const res = await call(path, {}, bindings)
  return {
    status: res.status,
    cache: res.headers.get('cache-control'),
    body: (await res.json()) as Board,
  }
}

// One scenario for both stores: each store keeps its own "counted" marks, so each counts it once.
const scenario = paidOrdersScenario()
const [day1, day2] = scenario.days
const answers = new Map<string, unknown[]>()
const searched: string[] = []

afterAll(async () => {
  // Redis outlives test runs: drop what this run wrote under the api's own prefix.
  const redis = createRedis({
    url: upstash.UPSTASH_REDIS_REST_URL,
    token: upstash.UPSTASH_REDIS_REST_TOKEN,
  })
  await redis.del(...scenario.days.map((d) => `ec:bestsellers:${d}`))
  for (const key of ['ec:bestsellers:all', 'ec:spend:all'])
    await redis.zrem(key, ...scenario.members)
  const today = new Date().toISOString().slice(0, 10)
  for (const key of ['ec:trending:all', `ec:trending:${today}`]) await redis.zrem(key, ...searched)
})

describe.each(stores)('leaderboards on %s', (store, bindings) => {
  it('ranks bestsellers per day once per paid order, whatever the redeliveries', async () => {
    const { a, b, c } = scenario.events
    const results = [
      await deliver([a, b, a], bindings),
      ...(await Promise.all([deliver([c], bindings), deliver([c], bindings)])),
      await deliver([b], bindings, 3),
    ]
    expect(results.flatMap((r) => r.retryMessages)).toEqual([])
    expect(results.map((r) => r.explicitAcks.length)).toEqual([3, 1, 1, 1])

    const first = await board(`/v1/leaderboards/bestsellers?period=day&date=${day1}`, bindings)
    expect(first.status).toBe(200)
    expect(first.cache).toContain('public')
    expect(first.body).toEqual({
      items: scenario.expected[`bestsellers:${day1}`]?.map((e, i) => ({ ...e, rank: i + 1 })),
      degraded: false,
    })
    const second = await board(
      `/v1/leaderboards/bestsellers?period=day&date=${day2}&limit=5`,
      bindings,
    )
    expect(second.body.items).toEqual([
      { ...scenario.expected[`bestsellers:${day2}`]?.[0], rank: 1 },
    ])
    const top1 = await board(
      `/v1/leaderboards/bestsellers?period=day&date=${day1}&limit=1`,
      bindings,
    )
    expect(top1.body.items.map((i) => i.member)).toEqual([first.body.items[0]?.member])
    answers.set(store, [first.body, second.body])
  })

  it('ranks all-time bestsellers over both days', async () => {
    // The shared stores hold other runs' products too: compare this scenario's own members.
    const all = await board('/v1/leaderboards/bestsellers?period=all&limit=100', bindings)
    expect(all.body.degraded).toBe(false)
    expect(only(scenario.members, all.body.items)).toEqual(
      scenario.expected['bestsellers:all']?.map((e) => expect.objectContaining(e)),
    )
    const ranks = all.body.items.map((i) => i.rank)
    expect(ranks).toEqual(ranks.map((_, i) => i + 1))
  })

  it('ranks trending searches of the day from real searches, each client once', async () => {
    const tag = crypto.randomUUID().slice(0, 8)
    // Only queries that find products count: index one of each.
    const index = new DurableObjectSearch(env.SEARCH_INDEX)
    await index.upsert(
      ['Boots', 'Socks'].map((title, i) => ({
        id: `lb-${tag}-${i}`,
        version: 1,
        title: `${title} ${tag}`,
        description: '',
        brand: 'Acme',
        category: 'shoes',
        priceMinor: 1_000,
        inStock: true,
        createdAt: Date.now(),
        popularity: 0,
        skus: [],
      })),
    )
    // [query, client]: three clients search boots (one of them twice), two search socks.
    for (const [q, ip] of [
      [`boots ${tag}`, '192.0.2.1'],
      [`boots ${tag}`, '192.0.2.1'],
      [`boots ${tag}`, '192.0.2.2'],
      [`boots ${tag}`, '192.0.2.3'],
      [`Socks  ${tag}`, '192.0.2.1'],
      [`socks ${tag}`, '192.0.2.2'],
    ] as const) {
      const headers = { 'cf-connecting-ip': ip }
      const res = await call(`/v1/search?q=${encodeURIComponent(q)}`, { headers }, bindings)
      expect(res.status).toBe(200)
    }
    searched.push(`boots ${tag}`, `socks ${tag}`)
    const today = await board('/v1/leaderboards/trending-searches?period=day&limit=100', bindings)
    const mine = today.body.items.filter((i) => i.member.endsWith(tag))
    expect(mine.map(({ member, score }) => ({ member, score }))).toEqual([
      { member: `boots ${tag}`, score: 3 },
      { member: `socks ${tag}`, score: 2 },
    ])
  })
})

describe('leaderboards', () => {
  it('answer the same on both stores', () => {
    expect(answers.get('upstash')).toEqual(answers.get('durable-object'))
    expect(answers.size).toBe(2)
  })

  it.each([
    'period=week',
    'period=all&date=2024-05-01',
    'period=day&date=2023-02-29',
    'period=day&date=yesterday',
    'limit=0',
    'limit=101',
    'sort=asc',
  ])('refuses %s with a 400 envelope', async (query) => {
    const res = await call(`/v1/leaderboards/bestsellers?${query}`)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed')
  })
})
