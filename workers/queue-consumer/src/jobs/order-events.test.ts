/** @module From the shopper object's outbox, through the consumer, to the D1 archive (workerd). */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { D1DatabaseAdapter } from '#adapters/d1/database'
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
