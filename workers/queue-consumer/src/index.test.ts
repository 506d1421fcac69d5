/** @module Tests of the consumer's ack, retry and dead-letter decisions, in workerd with real D1. */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { D1DatabaseAdapter } from '#adapters/d1/database'
import consumer from './index'
import { backoffSeconds } from './process-events'

const run = async (queue: string, bodies: unknown[], bindings: Record<string, unknown> = {}) => {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `m-${queue}-${i}`, timestamp: new Date(), attempts: 1, body })),
  )
  const ctx = createExecutionContext()
  await consumer.queue(batch, { ...env, ...bindings } as never, ctx)
  return getQueueResult(batch, ctx)
}

describe('queue-consumer', () => {
  it('dead-letters a malformed envelope and an unknown type at once, and acks them', async () => {
    const result = await run('commerce-events', [
      { nope: true },
      { type: 'thing.happened', v: 1, id: 'evt-1', occurredAt: new Date().toISOString(), data: {} },
    ])
    expect(result.explicitAcks.sort()).toEqual(['m-commerce-events-0', 'm-commerce-events-1'])
    const letters = await new D1DatabaseAdapter(env.DB).deadLetters.list(10)
    const mine = letters.filter((l) => l.queue === 'commerce-events')
    expect(mine.map((l) => [l.messageId, l.error.split(':')[0]])).toEqual([
      ['m-commerce-events-0', 'invalid envelope'],
      ['evt-1', 'no job for message type thing.happened'],
    ])
  })

  it('records what arrives on the dead-letter queue', async () => {
    const body = {
      type: 'order.placed',
      v: 1,
      id: 'evt-9',
      occurredAt: new Date().toISOString(),
      data: {},
    }
    const result = await run('commerce-events-dlq', [body])
    expect(result.explicitAcks).toEqual(['m-commerce-events-dlq-0'])
    const letters = await new D1DatabaseAdapter(env.DB).deadLetters.list(10)
    expect(letters.find((l) => l.queue === 'commerce-events-dlq')).toMatchObject({
      messageId: 'evt-9',
      queue: 'commerce-events-dlq',
      body,
    })
  })

  it('retries instead of dropping when the dead letter cannot be written', async () => {
    const result = await run('commerce-events-dlq', [{ id: 'x' }], {
      DATABASE_URL: 'http://u:p@127.0.0.1:9',
    })
    expect(result.explicitAcks).toEqual([])
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(['m-commerce-events-dlq-0'])
  })

  it('backs off exponentially up to five minutes', () => {
    expect([1, 2, 3, 10, 20].map(backoffSeconds)).toEqual([1, 2, 4, 300, 300])
  })
})
