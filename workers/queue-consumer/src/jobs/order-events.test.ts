/** @module From the shopper object's outbox, through the consumer, to the D1 archive (workerd). */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { D1DatabaseAdapter } from '#adapters/d1/database'
import type { ArchiveStore } from '#domain/ports/archive-store'
import { DurableObjectCounters } from '#objects/counters/adapter'
import { DurableObjectSearch } from '#objects/search-index/adapter'
import type { Ports } from '#objects/shared/ports'
import {
  command,
  flushed,
  newShopper,
  recordingQueue,
  shoppers,
  stocked,
  stubOf,
  useQueue,
} from '#objects/shopper/test-helpers'
import consumer from '../index'
import { processEvents } from '../process-events'
import { webhookSettings } from '../webhooks/settings'

/** Delivers `bodies` to the consumer as one commerce-events batch. */
async function deliver(bodies: unknown[], prefix: string) {
  const batch = createMessageBatch(
    'commerce-events',
    bodies.map((body, i) => ({ id: `${prefix}-${i}`, timestamp: new Date(), attempts: 1, body })),
  )
  const ctx = createExecutionContext()
  await consumer.queue(batch, env as never, ctx)
  return getQueueResult(batch, ctx)
}

describe('order events job', () => {
  it('archives what the order sent, once, whatever the delivery order and repeats', async () => {
    const archive = new D1DatabaseAdapter(env.DB).archive
    const user = newShopper()
    const sku = await stocked(3, 'sku', 450)
    const { queue, sent } = recordingQueue()
    await useQueue(stubOf(user), queue)
    const placed = await shoppers().checkout(user, command([{ sku, quantity: 2 }]))
    if (!placed.ok) throw new Error('expected an order')
    const id = placed.order.id
    await shoppers().pay(id, { paymentId: 'pay-a', amountMinor: 900, currency: 'EUR' })
    await shoppers().fulfil(id)
    await flushed(stubOf(user))
    expect(sent).toHaveLength(3)

    const before = await archive.countOrders()
    // Newest first, then everything again: the archive still ends at the newest version.
    const first = await deliver([...sent].reverse(), 'm1')
    const again = await deliver(sent, 'm2')
    expect(first.explicitAcks).toHaveLength(3)
    expect(again.explicitAcks).toHaveLength(3)
    expect(await archive.countOrders()).toBe(before + 1)
    expect(await archive.getOrder(id)).toMatchObject({
      id,
      userId: user,
      status: 'fulfilled',
      version: 3,
      totalMinor: 900,
      lines: [{ quantity: 2, unitPriceMinor: 450, lineTotalMinor: 900 }],
    })
    expect((await archive.getOrderEvents(id)).map((e) => e.type)).toEqual([
      'order.placed',
      'order.paid',
      'order.fulfilled',
    ])
  })

  /**
   * Runs one batch through the consumer's processing over the real D1 archive, counting the
   * archive calls; `refuseBatch` makes the store refuse every batch of events (a store error).
   */
  async function processCounting(bodies: unknown[], prefix: string, refuseBatch = false) {
    const database = new D1DatabaseAdapter(env.DB)
    const calls = { batches: [] as number[], single: 0 }
    const real = database.archive
    const archive: ArchiveStore = Object.create(real)
    archive.applyOrderEvents = async (events) => {
      calls.batches.push(events.length)
      if (refuseBatch) throw new Error('store refused the batch')
      return real.applyOrderEvents(events)
    }
    archive.applyOrderEvent = async (event) => {
      calls.single++
      return real.applyOrderEvent(event)
    }
    const ports: Ports = {
      database: Object.assign(Object.create(database), { archive }),
      search: new DurableObjectSearch(env.SEARCH_INDEX),
      counters: new DurableObjectCounters(env.COUNTERS),
    }
    const batch = createMessageBatch(
      'commerce-events',
      bodies.map((body, i) => ({ id: `${prefix}-${i}`, timestamp: new Date(), attempts: 1, body })),
    )
    const ctx = createExecutionContext()
    await processEvents(batch, ports, {
      settings: webhookSettings({}),
      webhookDeliveries: env.WEBHOOK_DELIVERIES,
    })
    return { calls, result: await getQueueResult(batch, ctx) }
  }

  /** Three shoppers' orders, placed and flushed: their events as the outbox sent them. */
  async function threeOrders() {
    const sent: unknown[] = []
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const user = newShopper()
      const sku = await stocked(2, 'sku', 300)
      const recorded = recordingQueue()
      await useQueue(stubOf(user), recorded.queue)
      const placed = await shoppers().checkout(user, command([{ sku, quantity: 1 }]))
      if (!placed.ok) throw new Error('expected an order')
      ids.push(placed.order.id)
      await flushed(stubOf(user))
      sent.push(...recorded.sent)
    }
    return { sent, ids }
  }

  it('archives the order events of a batch in one archive call', async () => {
    const archive = new D1DatabaseAdapter(env.DB).archive
    const { sent, ids } = await threeOrders()
    const { calls, result } = await processCounting(sent, 'together')
    expect(calls).toEqual({ batches: [3], single: 0 })
    expect(result.explicitAcks).toHaveLength(3)
    for (const id of ids) expect(await archive.getOrder(id)).toMatchObject({ id, version: 1 })
  })

  it('archives message by message when the batch is refused, and still acks each', async () => {
    const archive = new D1DatabaseAdapter(env.DB).archive
    const { sent, ids } = await threeOrders()
    const { calls, result } = await processCounting(sent, 'apart', true)
    expect(calls).toEqual({ batches: [3], single: 3 })
    expect(result.explicitAcks).toHaveLength(3)
    expect(result.retryMessages).toHaveLength(0)
    for (const id of ids) expect(await archive.getOrder(id)).toMatchObject({ id, version: 1 })
  })

  it('dead-letters an order event whose data is not an order', async () => {
    const body = {
      type: 'order.paid',
      v: 1,
      id: crypto.randomUUID(),
      occurredAt: new Date().toISOString(),
      data: { id: 'x', version: 'two' },
    }
    const result = await deliver([body], 'bad')
    expect(result.explicitAcks).toEqual(['bad-0'])
    const letters = await new D1DatabaseAdapter(env.DB).deadLetters.list(100)
    expect(letters.find((l) => l.messageId === body.id)?.error).toMatch(/^bad order.paid data/)
  })
})
