/**
 * @module Dead letters end to end in workerd: a poison message is recorded by the consumer, listed
 * by GET /v1/ops/dlq, replayed to commerce-events, and removed only once the queue took it.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { replayDeadLetters } from '#api/ops/replay-dead-letters'
import type { DeadLetterStore } from '#domain/ports/dead-letter-store'
import { ADMIN_KEY, call, errorCode, signUp } from './accounts'
import { deadLetters, deliver } from './checkout-helpers'

type Letter = { id: string; messageId: string; body: unknown; error: string }
type Page = { items: Letter[]; nextCursor: string | null }

/** The real queue binding, recording what it accepted; or one that accepts nothing. */
function queue(fail = false) {
  const sent: unknown[] = []
  const binding = {
    send: () => Promise.reject(new Error('use sendBatch')),
    sendBatch: async (messages: Iterable<MessageSendRequest>) => {
      if (fail) throw new Error('queue unavailable')
      const batch = [...messages]
      await env.EVENTS.sendBatch(batch)
      sent.push(...batch.map((m) => m.body))
    },
  } as unknown as Queue
  return { binding, sent }
}

const poison = () => ({
  type: 'order.paid',
  v: 1,
  id: `poison-${crypto.randomUUID().slice(0, 8)}`,
  occurredAt: new Date().toISOString(),
  data: { id: 'x', version: 'two' },
})

describe('dead letters', () => {
  it('lists a poison message and replays it to commerce-events, then forgets it', async () => {
    const bodies = [poison(), poison(), poison()]
    const prefix = `dlq-${crypto.randomUUID().slice(0, 6)}`
    const result = await deliver(bodies, prefix)
    expect(result.explicitAcks).toHaveLength(3)

    const ops = await signUp('ops')
    const first = (await (await call('/v1/ops/dlq?limit=2', { token: ops.token })).json()) as Page
    const rest = (await (
      await call(`/v1/ops/dlq?limit=2&cursor=${first.nextCursor}`, { token: ops.token })
    ).json()) as Page
    const listed = [...first.items, ...rest.items].filter((l) => l.id.startsWith(prefix))
    expect(listed.map((l) => l.body)).toEqual(bodies)
    expect(listed[0]?.error).toMatch(/^bad order.paid data/)

    const failing = queue(true)
    const refused = await call(
      '/v1/ops/dlq/replay',
      { method: 'POST', token: ADMIN_KEY, json: { ids: [`${prefix}-0`] } },
      { EVENTS: failing.binding },
    )
    expect([refused.status, await errorCode(refused)]).toEqual([503, 'upstream_unavailable'])
    expect(await deadLetters().get([`${prefix}-0`])).toHaveLength(1)

    const working = queue()
    const replayed = await call(
      '/v1/ops/dlq/replay',
      { method: 'POST', token: ops.token, json: { ids: [`${prefix}-0`, 'no-such-letter'] } },
      { EVENTS: working.binding },
    )
    expect(await replayed.json()).toEqual({
      replayed: [`${prefix}-0`],
      notReplayed: [],
      notFound: ['no-such-letter'],
      notRemoved: [],
    })
    expect(working.sent).toEqual([bodies[0]])
    expect(await deadLetters().get([`${prefix}-0`, `${prefix}-1`])).toMatchObject([
      { id: `${prefix}-1` },
    ])

    // Without ids, the oldest letters go, oldest first.
    const all = queue()
    const rest2 = await call(
      '/v1/ops/dlq/replay',
      { method: 'POST', token: ops.token, json: {} },
      { EVENTS: all.binding },
    )
    expect(((await rest2.json()) as { replayed: string[] }).replayed).toEqual(
      expect.arrayContaining([`${prefix}-1`, `${prefix}-2`]),
    )
    expect(all.sent).toEqual(expect.arrayContaining([bodies[1], bodies[2]]))
    expect(await deadLetters().get([`${prefix}-1`, `${prefix}-2`])).toEqual([])
  })

  it('answers what it sent when the store fails to delete them afterwards, and resends them later', async () => {
    const bodies = [poison()]
    const prefix = `dlq-keep-${crypto.randomUUID().slice(0, 6)}`
    await deliver(bodies, prefix)
    const id = `${prefix}-0`
    // The real store, whose delete fails once as a database under load can.
    const store = deadLetters()
    const flaky: DeadLetterStore = {
      record: (letter) => store.record(letter),
      list: (limit, after) => store.list(limit, after),
      get: (ids) => store.get(ids),
      count: () => store.count(),
      remove: () => Promise.reject(new Error('delete from dead_letters failed')),
    }
    const sending = queue()
    expect(await replayDeadLetters(flaky, sending.binding, [id])).toEqual({
      replayed: [id],
      notReplayed: [],
      notFound: [],
      notRemoved: [id],
    })
    expect(sending.sent).toEqual(bodies)
    expect(await store.get([id])).toHaveLength(1)
    const again = queue()
    expect(await replayDeadLetters(store, again.binding, [id])).toMatchObject({
      replayed: [id],
      notRemoved: [],
    })
    expect(await store.get([id])).toEqual([])
  })

  it('refuses bad replay bodies and bad cursors with the envelope', async () => {
    for (const json of [{ ids: [] }, { ids: 'x' }, { ids: [''] }, { all: true }]) {
      const res = await call('/v1/ops/dlq/replay', { method: 'POST', token: ADMIN_KEY, json })
      expect([JSON.stringify(json), res.status]).toEqual([JSON.stringify(json), 400])
    }
    for (const query of ['cursor=nope', 'limit=0', 'limit=101', 'other=1']) {
      const res = await call(`/v1/ops/dlq?${query}`, { token: ADMIN_KEY })
      expect([query, res.status, await errorCode(res)]).toEqual([query, 400, 'validation_failed'])
    }
  })
})

describe('GET /v1/ops/metrics', () => {
  it('reports dead letters, archived orders, search lag and the outbox backlog, and says what it cannot measure', async () => {
    await deliver([poison()], `metrics-${crypto.randomUUID().slice(0, 6)}`)
    const res = await call('/v1/ops/metrics', { token: ADMIN_KEY })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      deadLetters: { count: await deadLetters().count() },
      archive: { adapter: 'd1', orders: expect.any(Number) },
      search: { adapter: expect.any(String), indexedDocuments: expect.any(Number) },
      outbox: { pending: expect.any(Number), deferred: expect.any(Number) },
      notMeasured: { liveOrdersNotArchived: expect.any(String) },
    })
    expect((body.deadLetters as { count: number }).count).toBeGreaterThan(0)
  })

  it('still answers when the database is down, marking what it could not read', async () => {
    const res = await call(
      '/v1/ops/metrics',
      { token: ADMIN_KEY },
      {
        DATABASE_URL: 'http://u:p@127.0.0.1:9',
      },
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, { error?: string }>
    expect(body.deadLetters?.error).toEqual(expect.any(String))
    expect(body.archive?.error).toEqual(expect.any(String))
  })
})
