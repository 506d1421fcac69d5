/**
 * @module Invariant 2 when the consumer throws: a poison message is dead-lettered at once, and
 * again when replayed; orders whose archive writes fail for longer than the queue's retries
 * (MySQL's bridge stopped) are retried with backoff, dead-lettered, listed by GET /v1/ops/dlq once
 * MySQL is back, and archived exactly once by POST /v1/ops/dlq/replay.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readConfig, SECRETS } from '#bench/serve'
import { expectArchivedOnce } from '../archive'
import { type Platform, startPlatform } from '../platform'
import { until } from '../poll'
import {
  call,
  checkoutOf,
  expectEnvelope,
  inPool,
  opsGet,
  orderId,
  placeOrder,
  stockedProduct,
} from '../shop'

const ORDERS = 4
const ADMIN = SECRETS.ADMIN_API_KEY

interface Letter {
  id: string
  messageId: string
  queue: string
  body: { type?: string; data?: { id?: string } }
  error: string
}

/** Declares the scenario's suite; run concurrently with the others by faults.test.ts. */
export function consumerThrowing() {
  describe('the consumer throwing', () => {
    let platform: Platform
    beforeAll(async () => {
      platform = await startPlatform('dlq')
    })
    afterAll(() => platform?.close())
    // The suite's two tests run side by side (faults.test.ts is describe.concurrent) on one
    // platform, and the second stops its database: it waits for the first to finish, whose
    // reads of the dead-letter list would otherwise meet the outage (a fresh-clone CI run saw
    // its poll answered 503 when the second test got there first on a loaded machine).
    let poisonDone: () => void = () => {}
    const poisonFinished = new Promise<void>((resolve) => {
      poisonDone = resolve
    })

    const letters = async () => {
      const res = await opsGet(platform.url(), '/v1/ops/dlq?limit=100')
      expect(res.status).toBe(200)
      return (res.body as { items: Letter[] }).items
    }

    it('dead-letters a poison message at once, and again when it is replayed', async () => {
      try {
        await poisonMessage()
      } finally {
        poisonDone()
      }
    })

    const poisonMessage = async () => {
      const poison = `poison-${randomUUID()}`
      const queue = await platform.served().mf.getQueueProducer('EVENTS', 'edge-commerce-api')
      await queue.send({
        type: 'order.placed',
        v: 1,
        id: poison,
        occurredAt: new Date().toISOString(),
        data: { id: 'not an order' },
      })
      const [first] = await until('the poison message is listed', async () => {
        const found = (await letters()).filter((l) => l.messageId === poison)
        return found.length > 0 && found
      })
      expect(first).toMatchObject({
        queue: 'commerce-events',
        error: expect.stringMatching(/bad order\.placed data/),
      })

      const replay = await replayLetters(platform.url(), [first?.id ?? ''])
      expect(replay.replayed).toEqual([first?.id])
      // Still poison: it comes back as a new letter (a new queue message; one per send), and
      // archives nothing.
      const again = await until('the replayed poison message is dead-lettered again', async () => {
        const found = (await letters()).filter((l) => l.messageId === poison)
        return found.length > 0 && found.every((l) => l.id !== first?.id) && found
      })
      expect(again.length).toBeLessThanOrEqual(replay.sends)
      expect(await platform.count('orders')).toBe(0)
    }

    it('retries archive writes with backoff, dead-letters them, and archives each once on replay', async () => {
      const url = platform.url()
      const { title, skus } = await stockedProduct(url, 1, 50)
      const sku = skus[0] ?? ''
      // The product's own event must be indexed before the outage, so only orders fail below.
      await until('the product is indexed', async () => {
        const res = await call(url, `/v1/search?q=${encodeURIComponent(title)}`)
        return res.status === 200 && (res.body as { total: number }).total > 0
      })
      const consumer = readConfig('workers/queue-consumer/wrangler.toml').queues.consumers?.[0]
      const attempts = (consumer?.max_retries ?? 3) + 1
      const moved = () =>
        platform.log.filter((l) =>
          l.includes(
            `on queue "commerce-events" to dead letter queue "commerce-events-dlq" after ${attempts} failed attempts`,
          ),
        ).length
      const movedBefore = moved()

      // Shoppers sign up while the database answers; their tokens carry them through the outage.
      const checkouts = await Promise.all(
        Array.from({ length: ORDERS }, () => checkoutOf(url, sku)),
      )
      await poisonFinished
      await platform.services.databaseBridge.stop()
      const answers = await inPool(
        ORDERS,
        checkouts.map((c) => () => placeOrder(url, c)),
      )
      expect(answers.map((a) => a.status)).toEqual(Array(ORDERS).fill(201))
      const ids = answers.map(orderId)
      // Backoff doubles from 1 s over max_retries attempts: about half a minute, watched in the
      // queue broker's own log rather than timed.
      await until(
        `${ORDERS} messages are dead-lettered after ${attempts} attempts`,
        async () => moved() - movedBefore >= ORDERS,
        100_000,
        500,
      )
      // The dead-letter store is in the database too: operators see the outage, not an empty list.
      expectEnvelope(await opsGet(url, '/v1/ops/dlq'), 503, 'upstream_unavailable')
      await platform.services.databaseBridge.start()

      const dead = await until(
        'the dead letters are recorded and listed',
        async () => {
          const orders = (await letters()).filter((l) => ids.includes(l.body.data?.id ?? ''))
          return orders.length === ORDERS && orders
        },
        60_000,
      )
      expect(dead.map((l) => l.body.type)).toEqual(Array(ORDERS).fill('order.placed'))
      expect(
        await platform.count('orders', `id IN (${ids.map((id) => `'${id}'`).join(',')})`),
      ).toBe(0)

      const replay = await replayLetters(
        url,
        dead.map((l) => l.id),
      )
      expect(replay.replayed.sort()).toEqual(dead.map((l) => l.id).sort())
      await expectArchivedOnce(platform, ids)
      // A second replay of the same letters finds none: they left the store when sent.
      const again = await replayLetters(
        url,
        dead.map((l) => l.id),
      )
      expect([again.replayed, again.notFound.length]).toEqual([[], ORDERS])
      await expectArchivedOnce(platform, ids)
      expect((await letters()).filter((l) => ids.includes(l.body.data?.id ?? ''))).toEqual([])
    })
  })
}

/**
 * POST /v1/ops/dlq/replay as an operator runs it: a 503 is retried once. The route answers 503
 * only when it sent nothing (a letter sent but not deleted is reported in `notRemoved` with a 200,
 * since this suite found the route answering 503 after the queue took the letters); `sends`
 * counts the calls that may have sent them, an upper bound on the copies.
 */
async function replayLetters(url: string, ids: string[]) {
  const send = () =>
    call(url, '/v1/ops/dlq/replay', { method: 'POST', token: ADMIN, json: { ids } })
  let res = await send()
  let sends = 1
  if (res.status === 503) {
    console.warn(`dead-letter replay answered 503, retried once: ${res.text.slice(0, 300)}`)
    res = await send()
    sends += 1
  }
  expect([res.status, res.text.slice(0, 300)]).toEqual([200, expect.any(String)])
  return { ...(res.body as { replayed: string[]; notFound: string[] }), sends }
}
