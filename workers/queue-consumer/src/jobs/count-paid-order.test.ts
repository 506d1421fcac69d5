/** @module order.paid counting through the consumer, on both Counters adapters, in workerd. */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { D1DatabaseAdapter } from '../../../../adapters/d1/database'
import { createRedis } from '../../../../adapters/upstash/client'
import { UpstashCounters } from '../../../../adapters/upstash/counters'
import type { CountersPort } from '../../../../domain/ports/counters'
import { DurableObjectCounters } from '../../../../durable-objects/counters/adapter'
import { DurableObjectSearch } from '../../../../durable-objects/search-index/adapter'
import { only, paidOrdersScenario } from '../../../../test/workers/leaderboards-orders'
import type { Ports } from '../../../shared/ports'
import { processEvents } from '../process-events'

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
  await processEvents(batch, ports)
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
