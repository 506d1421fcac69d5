/**
 * @module Invariants 1, 2 and 3 across a restart of workerd in the middle of a flash sale: the
 * Miniflare instance is disposed while checkouts are in flight and started again on the same
 * persist directory; every client then retries with its same Idempotency-Key, and every order
 * answered 201 reaches the archive exactly once, even those whose event the queue lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { archivedOrders } from '../archive'
import { orderOutboxes } from '../order-outboxes'
import { type Platform, startPlatform } from '../platform'
import { until } from '../poll'
import {
  type Answer,
  type Checkout,
  checkoutOf,
  inPool,
  orderId,
  placeOrder,
  stockedProduct,
} from '../shop'
import { expectNoOversell, ledgerOf, stockOf } from '../stock'

const SHOPPERS = 60
const STOCK = 20
// A client gives up on a key after this many attempts that got no answer (or a 5xx).
const ATTEMPTS = 5
/** Between one checkout's arrival and the next in the first round. */
const ARRIVAL_MS = 2
/** Checkouts of the first round sent only once one is answered, just before the restart. */
const HELD_BACK = 10

/** Declares the scenario's suite; run concurrently with the others by faults.test.ts. */
export function workerdRestart() {
  describe('workerd restarted in the middle of checkouts', () => {
    let platform: Platform
    beforeAll(async () => {
      // Orders check the archive 3 s after their last change (10 minutes in production), so an
      // event lost with the queue is sent again within the test.
      platform = await startPlatform('restart', { ARCHIVE_CHECK_SECONDS: '3' })
    })
    afterAll(() => platform?.close())

    it('oversells nothing, makes one order per key, answers retries as before, archives no order twice', async () => {
      const { skus } = await stockedProduct(platform.url(), 1, STOCK)
      const sku = skus[0] ?? ''
      const checkouts = await Promise.all(
        Array.from({ length: SHOPPERS }, () => checkoutOf(platform.url(), sku)),
      )

      // Most checkouts arrive over about 100 ms; the last HELD_BACK wait for the first answer, are
      // sent then, and workerd goes down right after, so some are answered before the restart and
      // some are in flight, however fast or slow this machine answers. (Sent all at once, a fast
      // minute once answered all 60 before the restart took effect; on a loaded machine whose
      // rate-limit store timed out, every checkout waited out that timeout together, and all 60
      // were answered between the first answer and the restart.) While it is down, the objects'
      // files say which events had left their outbox.
      const url = platform.url()
      let restarting: Promise<void> | undefined
      let outboxes = new Map<string, number>()
      let archivedAtRestart = new Set<string>()
      const restart = () => {
        restarting ??= platform.restart(async () => {
          outboxes = await orderOutboxes(platform.persistRoot)
          archivedAtRestart = new Set(await archivedIds(platform))
        })
      }
      let firstAnswer = () => {}
      const answeredOnce = new Promise<void>((resolve) => {
        firstAnswer = resolve
      })
      const first = await Promise.all(
        checkouts.map(async (c, i) => {
          if (i < SHOPPERS - HELD_BACK)
            await new Promise((resolve) => setTimeout(resolve, i * ARRIVAL_MS))
          else await answeredOnce
          const answer = placeOrder(url, c)
          if (i === SHOPPERS - 1) restart()
          const answered = await answer
          firstAnswer()
          return answered
        }),
      )
      expect(
        first.filter((a) => a.status === 201 || a.status === 409).length,
        'requests answered before the restart',
      ).toBeGreaterThan(0)
      await restarting
      const cut = first.filter((a) => a.status === 0 || a.status >= 500).length
      expect(cut, 'requests cut off by the restart').toBeGreaterThan(0)

      // Every client sends its key again (the answered ones too, to compare), until answered.
      const final = await inPool(
        10,
        checkouts.map((c) => () => retry(platform, c)),
      )
      final.forEach((answer, i) => {
        const earlier = first[i] as Answer
        if (earlier.status !== 0 && earlier.status < 500)
          expect([answer.status, comparable(answer)]).toEqual([earlier.status, comparable(earlier)])
      })
      const placed = final.filter((a) => a.status === 201)
      const refused = final.filter((a) => a.status === 409)
      expect(placed.length + refused.length).toBe(SHOPPERS)
      expect(placed.length).toBeLessThanOrEqual(STOCK)
      const ids = placed.map(orderId)
      expect(new Set(ids).size).toBe(placed.length)

      const stock = await stockOf(platform, sku)
      expectNoOversell(stock)
      expect(stock).toMatchObject({ reserved: placed.length, available: STOCK - placed.length })
      // The ledger: exactly one reservation per order answered 201, none for any other.
      const reserved = (await ledgerOf(platform, sku)).filter((e) => e.kind === 'reserve')
      expect(reserved.map((e) => e.orderId).sort()).toEqual([...ids].sort())

      // Miniflare's queue broker keeps messages in memory (Cloudflare Queues persist them): an
      // event its object had already sent, not yet archived when workerd stopped, is gone with it.
      // Each order's archive check sends it again, so every order answered 201 reaches the archive.
      const lostWithBroker = ids.filter(
        (id) => outboxes.get(id) === 0 && !archivedAtRestart.has(id),
      ).length
      await until(
        `the archive holds all ${ids.length} orders answered 201`,
        async () => {
          const archived = await archivedOrders(platform)
          return ids.every((id) => archived.some((r) => r.id === id && r.events > 0))
        },
        90_000,
      )
      const rows = await archivedOrders(platform)
      // Each order archived exactly once (one event, one line), and none that was not answered 201.
      expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort())
      for (const row of rows) expect(row).toEqual({ id: row.id, events: 1, lines: 1 })
      console.info(
        `workerd restart: ${cut} of ${SHOPPERS} requests cut off, ${placed.length} orders, ${rows.length} archived, ${lostWithBroker} of them sent again after Miniflare's in-memory queue broker lost their event`,
      )
    })
  })
}

/** Sends the checkout until it gets an answer that is neither a connection error nor a 5xx. */
async function retry(platform: Platform, checkout: Checkout): Promise<Answer> {
  let answer: Answer = { status: 0, body: undefined, text: 'not sent' }
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    answer = await placeOrder(platform.url(), checkout)
    if (answer.status !== 0 && answer.status < 500) return answer
    await new Promise((r) => setTimeout(r, 200 * attempt))
  }
  return answer
}

/** The answer without its request id, which names the request, not the outcome. */
function comparable(answer: Answer) {
  const error = (answer.body as { error?: { requestId?: string } } | undefined)?.error
  if (!error) return answer.body
  const { requestId: _, ...rest } = error
  return { error: rest }
}

async function archivedIds(platform: Platform): Promise<string[]> {
  return (await platform.query<{ id: string }>('SELECT id FROM orders')).map((r) => r.id)
}
