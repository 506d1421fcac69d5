/** @module Tests of the Shopper outbox in workerd: rows stay until sent, and the alarm resends them. */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { readOutboxBacklog } from '#domain/counting/outbox-backlog'
import { createLogger } from '#domain/log'
import { DurableObjectCounters } from '../counters/adapter'
import { eventually } from '../inventory-item/test-helpers'
import { archiveCheckMs } from './archive'
import { enqueue, Outbox } from './outbox'
import {
  alarmOf,
  archiveCheckOf,
  command,
  failingQueue,
  flushed,
  newShopper,
  outboxOf,
  recordingQueue,
  shoppers,
  stocked,
  stubOf,
  useQueue,
} from './test-helpers'

const backlog = () => readOutboxBacklog(new DurableObjectCounters(env.COUNTERS))

describe('Shopper outbox', () => {
  it('sends each event right after the change that wrote it, and deletes it with the next write', async () => {
    const sku = await stocked(2)
    const user = newShopper()
    const stub = stubOf(user)
    const { queue, sent } = recordingQueue()
    await useQueue(stub, queue)
    const placed = await shoppers().checkout(user, command([{ sku, quantity: 1 }]))
    if (!placed.ok) throw new Error('expected an order')
    await flushed(stub)
    await shoppers().cancel(placed.order.id)
    await flushed(stub)
    expect(sent).toMatchObject([
      { type: 'order.placed', v: 1, data: { id: placed.order.id, version: 1 } },
      { type: 'order.cancelled', v: 1, data: { status: 'cancelled', version: 2 } },
    ])
    // The cancel's write took the placed row with it; the alarm takes the last one.
    expect((await outboxOf(stub)).map((r) => r.body.type)).toEqual(['order.cancelled'])
    // After the alarm, only the archive check is left (no expiry, nothing to settle or send).
    await runDurableObjectAlarm(stub)
    expect(await outboxOf(stub)).toEqual([])
    const cancelled = await shoppers().get(placed.order.id)
    const check = await archiveCheckOf(stub, placed.order.id)
    expect(check).toBe((cancelled?.updatedAt ?? 0) + archiveCheckMs(env))
    expect(await alarmOf(stub)).toBe(check)
  })

  it('keeps the rows when the queue fails and resends them, in order, from the alarm', async () => {
    const sku = await stocked(2)
    const user = newShopper()
    const stub = stubOf(user)
    await useQueue(stub, failingQueue)
    const before = Date.now()
    const backlogBefore = await backlog()
    const placed = await shoppers().checkout(user, command([{ sku, quantity: 1 }]))
    if (!placed.ok) throw new Error('a failed send must not fail the checkout')
    await flushed(stub)
    await shoppers().pay(placed.order.id, {
      paymentId: 'p-1',
      amountMinor: 1_000,
      currency: 'EUR',
    })
    await flushed(stub)
    const stuck = await outboxOf(stub)
    expect(stuck.map((r) => [r.body.type, r.attempts])).toEqual([
      ['order.placed', 2],
      ['order.paid', 1],
    ])
    const alarm = await alarmOf(stub)
    expect(alarm).toBeGreaterThan(before)
    expect(alarm).toBeLessThanOrEqual(Date.now() + 40_000)
    // Both rows count in the ops backlog once, however often their sends failed.
    await eventually(async () => (await backlog()).deferred - backlogBefore.deferred, 2, 3_000)

    const { queue, sent, calls } = recordingQueue()
    await useQueue(stub, queue)
    await runDurableObjectAlarm(stub)
    expect(sent).toEqual(stuck.map((r) => r.body))
    // Both orders' events left in one batch.
    expect(calls.sends).toBe(1)
    expect(await outboxOf(stub)).toEqual([])
    await eventually(async () => (await backlog()).resent - backlogBefore.resent, 2, 3_000)
    expect((await backlog()).deferred - backlogBefore.deferred).toBe(2)
    // Paid, settled and sent: only the archive check is scheduled.
    expect(await alarmOf(stub)).toBe(await archiveCheckOf(stub, placed.order.id))
  })

  it('backs off between failed resends', async () => {
    const sku = await stocked(1)
    const user = newShopper()
    const stub = stubOf(user)
    await useQueue(stub, failingQueue)
    await shoppers().checkout(user, command([{ sku, quantity: 1 }]))
    await flushed(stub)
    const first = (await outboxOf(stub))[0]
    await runDurableObjectAlarm(stub)
    const second = (await outboxOf(stub))[0]
    expect([first?.attempts, second?.attempts]).toEqual([1, 2])
    expect((second?.retry_at ?? 0) - (first?.retry_at ?? 0)).toBeGreaterThanOrEqual(9_000)
    expect(await alarmOf(stub)).toBe(second?.retry_at)
  })

  it('asks the archive about rows an earlier instance left, and sends only those it lacks', async () => {
    const sku = await stocked(3)
    const user = newShopper()
    const stub = stubOf(user)
    // Back to back: their events leave in one batch after the second.
    const [first, second] = await Promise.all([
      shoppers().checkout(user, command([{ sku, quantity: 1 }])),
      shoppers().checkout(user, command([{ sku, quantity: 1 }])),
    ])
    if (!first?.ok || !second?.ok) throw new Error('expected two orders')
    await flushed(stub)
    // Both events left; their rows wait for the object's next write, which never comes: the
    // object stops. What the next instance finds, it cannot tell sent from unsent.
    expect(await outboxOf(stub)).toHaveLength(2)
    const restarted = (queue: Queue) =>
      runInDurableObject(stub, async (_, state) => {
        const outbox = new Outbox(state.storage, () => queue, createLogger('error'), {
          counters: () => new DurableObjectCounters(env.COUNTERS),
          waitUntil: () => {},
        })
        outbox.start()
        // Not sent by a flush of its own: they wait for the archive's word.
        await outbox.flush()
        const rows = outbox.leftovers()
        return { outbox, rows }
      })
    const { queue, sent } = recordingQueue()
    const { rows } = await restarted(queue)
    expect(sent).toEqual([])
    expect(rows.map((r) => [r.orderId, r.version])).toEqual([
      [first.order.id, 1],
      [second.order.id, 1],
    ])
    // The archive holds the first order only: the second's event is sent again, the first's not.
    await runInDurableObject(stub, async (_, state) => {
      const outbox = new Outbox(state.storage, () => queue, createLogger('error'), {
        counters: () => new DurableObjectCounters(env.COUNTERS),
        waitUntil: () => {},
      })
      outbox.start()
      outbox.settleLeftovers(outbox.leftovers(), new Map([[first.order.id, 1]]))
      await outbox.flush(true)
    })
    expect(sent).toMatchObject([{ type: 'order.placed', data: { id: second.order.id } }])
    expect(await outboxOf(stub)).toEqual([])
  })

  it('sends every left row again when the archive cannot say', async () => {
    const sku = await stocked(1)
    const user = newShopper()
    const stub = stubOf(user)
    const placed = await shoppers().checkout(user, command([{ sku, quantity: 1 }]))
    if (!placed.ok) throw new Error('expected an order')
    await flushed(stub)
    const { queue, sent } = recordingQueue()
    await runInDurableObject(stub, async (_, state) => {
      const outbox = new Outbox(state.storage, () => queue, createLogger('error'), {
        counters: () => new DurableObjectCounters(env.COUNTERS),
        waitUntil: () => {},
      })
      outbox.start()
      outbox.settleLeftovers(outbox.leftovers(), undefined)
      await outbox.flush(true)
    })
    // A duplicate the consumers drop (idempotent by event id), rather than an event lost.
    expect(sent).toMatchObject([{ type: 'order.placed', data: { id: placed.order.id } }])
    expect(await outboxOf(stub)).toEqual([])
  })

  it('sends a row whose send failed before a restart at once, and events written after it too', async () => {
    const sku = await stocked(2)
    const user = newShopper()
    const stub = stubOf(user)
    await useQueue(stub, failingQueue)
    const placed = await shoppers().checkout(user, command([{ sku, quantity: 1 }]))
    if (!placed.ok) throw new Error('expected an order')
    await flushed(stub)
    expect((await outboxOf(stub)).map((r) => r.attempts)).toEqual([1])
    const { queue, sent } = recordingQueue()
    await runInDurableObject(stub, async (_, state) => {
      const outbox = new Outbox(state.storage, () => queue, createLogger('error'), {
        counters: () => new DurableObjectCounters(env.COUNTERS),
        waitUntil: () => {},
      })
      outbox.start()
      // Known unsent: no need to ask the archive.
      expect(outbox.leftovers()).toEqual([])
      await outbox.flush()
      // Its delete empties the table, so the next event's seq starts again from 1.
      state.storage.transactionSync(() => {
        outbox.forgetSent()
        enqueue(
          state.storage.sql,
          { ...(sent[0] as { id: string }), id: crypto.randomUUID() } as never,
          Date.now() + 10_000,
        )
      })
      await outbox.flush()
    })
    expect(sent).toHaveLength(2)
  })
})
