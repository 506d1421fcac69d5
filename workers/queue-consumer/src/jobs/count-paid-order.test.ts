/** @module order.paid counting through the consumer, on both Counters adapters, in workerd. */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { D1DatabaseAdapter } from '#adapters/d1/database'
import { createRedis } from '#adapters/upstash/client'
import { UpstashCounters } from '#adapters/upstash/counters'
import { readLeaderboard } from '#domain/counting/leaderboard'
import type { CountersPort } from '#domain/ports/counters'
import { DurableObjectCounters } from '#objects/counters/adapter'
import { DurableObjectSearch } from '#objects/search-index/adapter'
import type { Ports } from '#objects/shared/ports'
import { only, paidOrdersScenario, refundedEvent } from '#test/workers/leaderboards-orders'
import { processEvents } from '../process-events'
import { webhookSettings } from '../webhooks/settings'

const run = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
const redis = (url = env.TEST_SERVICES.UPSTASH_REDIS_REST_URL) =>
  createRedis({ url, token: env.TEST_SERVICES.UPSTASH_REDIS_REST_TOKEN })

/** The consumer's ports with `counters` swapped in; the archive is the real D1 one. */
const portsWith = (counters: CountersPort): Ports => ({
  database: new D1DatabaseAdapter(env.DB),
  search: new DurableObjectSearch(env.SEARCH_INDEX),
  counters,
})

/** Delivers `bodies` as one batch through the consumer's processing, as the queue would. */
async function deliver(ports: Ports, bodies: unknown[], attempts = 1) {
  const batch = createMessageBatch(
    'commerce-events',
    bodies.map((body, i) => ({
      id: `${run}-${crypto.randomUUID()}-${i}`,
      timestamp: new Date(),
      attempts,
      body,
    })),
  )
  const ctx = createExecutionContext()
  await processEvents(batch, ports, {
    settings: webhookSettings({}),
    webhookDeliveries: env.WEBHOOK_DELIVERIES,
  })
  return getQueueResult(batch, ctx)
}

const upstash = () => new UpstashCounters(redis(), `test:${run}:`)
const adapters: [string, () => CountersPort][] = [
  ['durable-object', () => new DurableObjectCounters(env.COUNTERS)],
  ['upstash', upstash],
]

describe.each(adapters)('counting paid orders on %s', (_, make) => {
  it('ranks bestsellers and spend once per order under duplicate and concurrent delivery', async () => {
    const counters = make()
    const ports = portsWith(counters)
    const { events, expected, members } = paidOrdersScenario()
    // A duplicate inside one batch, then the same message twice at once, then a redelivery.
    const first = await deliver(ports, [events.a, events.b, events.a])
    const concurrent = await Promise.all([deliver(ports, [events.c]), deliver(ports, [events.c])])
    const again = await deliver(ports, [events.b, events.a], 2)
    const results = [first, ...concurrent, again]
    expect(results.map((r) => [r.explicitAcks.length, r.retryMessages.length])).toEqual([
      [3, 0],
      [1, 0],
      [1, 0],
      [2, 0],
    ])
    for (const [key, entries] of Object.entries(expected)) {
      expect(only(members, await counters.zTop(key, 100)), key).toEqual(entries)
    }
    // The archive job still runs beside the counting one.
    expect(await ports.database.archive.getOrder(events.c.data.id)).toMatchObject({
      status: 'paid',
    })
  })
})

describe.each(adapters)('taking refunds off the boards on %s', (_, make) => {
  it('takes a refunded order off the all-time boards once, whichever arrives first', async () => {
    const counters = make()
    const ports = portsWith(counters)
    const { events, members, days } = paidOrdersScenario()
    const refundOfA = refundedEvent(events.a, Date.parse(events.a.occurredAt) + 3_600_000)
    // The refund first (the queue may swap messages), twice; then the payment, then again.
    await deliver(ports, [refundOfA, refundOfA])
    await deliver(ports, [events.a, events.b])
    await deliver(ports, [refundOfA], 2)
    const [p1, p2, p3] = [0, 2]
      .map((i) => events.a.data.lines[i]?.productId)
      .concat(events.b.data.lines[1]?.productId) as [string, string, string]
    // a is gone from the all-time boards (p1 entirely, so it leaves the board); b remains.
    expect(only(members, await counters.zTop('bestsellers:all', 100))).toEqual([
      { member: p2, score: 3 },
      { member: p3, score: 1 },
      { member: p1, score: 0 },
    ])
    const board = await readLeaderboard(counters, 'bestsellers:all', 100, () => {})
    expect(board.items.filter((i) => members.has(i.member)).map((i) => i.member)).toEqual([p2, p3])
    expect(only(members, await counters.zTop('spend:all', 100))).toEqual([
      { member: events.b.data.userId, score: 10_500 },
      { member: events.a.data.userId, score: 0 },
    ])
    // The day it sold keeps the sale.
    expect(only(members, await counters.zTop(`bestsellers:${days[0]}`, 100))).toEqual([
      { member: p2, score: 4 },
      { member: p1, score: 3 },
      { member: p3, score: 1 },
    ])
    expect(await ports.database.archive.getOrder(events.a.data.id)).toMatchObject({
      status: 'refunded',
    })
  })
})

describe('counting paid orders with the counters store down', () => {
  it('retries the message, counts nothing, and still archives the order', async () => {
    // Nothing listens on port 9: the real client gets a refused connection.
    const down = new UpstashCounters(redis('http://127.0.0.1:9'), `test:${run}:`, 200)
    const { events } = paidOrdersScenario()
    const result = await deliver(portsWith(down), [events.a])
    expect(result.explicitAcks).toEqual([])
    expect(result.retryMessages).toHaveLength(1)
    const archive = new D1DatabaseAdapter(env.DB).archive
    expect(await archive.getOrder(events.a.data.id)).toMatchObject({
      status: 'paid',
      userId: events.a.data.userId,
    })
    // Delivered again once the store is back, the order counts once.
    const up = upstash()
    expect((await deliver(portsWith(up), [events.a], 2)).explicitAcks).toHaveLength(1)
    expect(await up.zTop(`bestsellers:${events.a.occurredAt.slice(0, 10)}`, 10)).toEqual([
      { member: events.a.data.lines[0]?.productId, score: 3 },
      { member: events.a.data.lines[2]?.productId, score: 1 },
    ])
  })
})
