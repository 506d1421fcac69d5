/** @module Tests of the Order outbox in workerd: rows stay until sent, and the alarm resends them. */
import { env, runDurableObjectAlarm } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { readOutboxBacklog } from '#domain/counting/outbox-backlog'
import { DurableObjectCounters } from '../counters/adapter'
import { eventually } from '../inventory-item/test-helpers'
import { archiveCheckMs } from './archive-check'
import { retentionMs } from './retention'
import {
  alarmOf,
  archiveCheckOf,
  failingQueue,
  line,
  orders,
  outboxOf,
  placement,
  recordingQueue,
  stocked,
  stubFor,
  useQueue,
} from './test-helpers'

const backlog = () => readOutboxBacklog(new DurableObjectCounters(env.COUNTERS))

describe('Order outbox', () => {
  it('sends each event right after the change that wrote it, and keeps nothing', async () => {
    const input = placement([line(await stocked(2), 1)])
    const { queue, sent } = recordingQueue()
    await useQueue(stubFor(input), queue)
    const placed = await orders().place(input)
    if (!placed.ok) throw new Error('expected an order')
    await orders().cancel(placed.order.id)
    expect(sent).toMatchObject([
      { type: 'order.placed', v: 1, data: { id: placed.order.id, version: 1 } },
      { type: 'order.cancelled', v: 1, data: { status: 'cancelled', version: 2 } },
    ])
    expect(await outboxOf(stubFor(input))).toEqual([])
    // Nothing is left to do but the archive check and retention: no expiry (cancelled), no stock
    // to settle, no outbox; the alarm waits for the earlier of the two.
    const cancelled = await orders().get(placed.order.id)
    const check = await archiveCheckOf(stubFor(input))
    expect(check).toBe((cancelled?.updatedAt ?? 0) + archiveCheckMs(env))
    expect(await alarmOf(stubFor(input))).toBe(
      Math.min((cancelled?.updatedAt ?? 0) + retentionMs(env), check ?? Infinity),
    )
  })

  it('keeps the rows when the queue fails and resends them, in order, from the alarm', async () => {
    const input = placement([line(await stocked(2), 1)])
    const stub = stubFor(input)
    await useQueue(stub, failingQueue)
    const before = Date.now()
    const backlogBefore = await backlog()
    const placed = await orders().place(input)
    if (!placed.ok) throw new Error('a failed send must not fail the placement')
    await orders().pay(placed.order.id, { paymentId: 'p-1', amountMinor: 1_000, currency: 'EUR' })
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

    const { queue, sent } = recordingQueue()
    await useQueue(stub, queue)
    await runDurableObjectAlarm(stub)
    expect(sent).toEqual(stuck.map((r) => r.body))
    expect(await outboxOf(stub)).toEqual([])
    await eventually(async () => (await backlog()).resent - backlogBefore.resent, 2, 3_000)
    expect((await backlog()).deferred - backlogBefore.deferred).toBe(2)
    // Paid, settled and sent: only the archive check is scheduled.
    expect(await alarmOf(stub)).toBe(await archiveCheckOf(stub))
  })

  it('backs off between failed resends', async () => {
    const input = placement([line(await stocked(1), 1)])
    const stub = stubFor(input)
    await useQueue(stub, failingQueue)
    await orders().place(input)
    const first = (await outboxOf(stub))[0]
    await runDurableObjectAlarm(stub)
    const second = (await outboxOf(stub))[0]
    expect([first?.attempts, second?.attempts]).toEqual([1, 2])
    expect((second?.retry_at ?? 0) - (first?.retry_at ?? 0)).toBeGreaterThanOrEqual(9_000)
    expect(await alarmOf(stub)).toBe(second?.retry_at)
  })
})
