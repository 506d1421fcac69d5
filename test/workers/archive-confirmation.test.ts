/**
 * @module Invariant 2 beyond the queue: an order whose event never reached the archive (a queue
 * that lost it) is sent again by its own object's archive check, until the archive holds it.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { archiveCheckMs } from '#objects/shopper/archive'
import { confirmArchivedAt, flushed, orderRowOf } from '#objects/shopper/test-helpers'
import {
  archive,
  deliver,
  newKey,
  placeOrder,
  productWith,
  receive,
  recordEvents,
  shopper,
} from './checkout-helpers'

const DELAY = archiveCheckMs(env)
describe('archive confirmation', () => {
  it('reads ARCHIVE_CHECK_SECONDS, 10 minutes by default', () => {
    expect(archiveCheckMs({})).toBe(600_000)
    expect(archiveCheckMs({ ARCHIVE_CHECK_SECONDS: '5' })).toBe(5_000)
    expect(archiveCheckMs({ ARCHIVE_CHECK_SECONDS: '0' })).toBe(600_000)
  })

  it('sends an order again when the archive lacks it, and stops once the archive holds it', async () => {
    const [sku] = (await productWith([1_250])) as [string]
    await receive(sku, 3)
    const user = await shopper()
    const key = newKey()
    const sent: unknown[] = []
    await recordEvents(user.id, sent)
    const placed = await placeOrder(user.token, { items: [{ sku, quantity: 1 }] }, key)
    expect(placed.status).toBe(201)
    const { id } = (await placed.json()) as { id: string }
    const stub = env.SHOPPER.getByName(user.id)
    await flushed(stub)
    // The event left the outbox (the queue took it), but it is never delivered: lost.
    expect(sent).toHaveLength(1)
    const row = (await orderRowOf(stub, id)) as { check_at: number; check_attempts: number }
    expect(row.check_at).toBeGreaterThanOrEqual(Date.now() + DELAY - 60_000)

    // Before the check is due nothing happens; once due, the archive's lack sends it again.
    await confirmArchivedAt(stub, Date.now())
    expect(sent).toHaveLength(1)
    const due = row.check_at + 1
    await confirmArchivedAt(stub, due)
    expect(sent).toHaveLength(2)
    expect(sent[1]).toMatchObject({ type: 'order.placed', data: { id, version: 1 } })
    expect(await orderRowOf(stub, id)).toMatchObject({
      check_at: due + 2 * DELAY,
      check_attempts: 1,
    })

    // The second send arrives: the archive holds the order, once, and the check is done.
    expect((await deliver([sent[1]], `confirm-${id.slice(0, 6)}`)).explicitAcks).toHaveLength(1)
    expect(await archive().getOrder(id)).toMatchObject({ id, version: 1 })
    await confirmArchivedAt(stub, due + 2 * DELAY)
    expect(sent).toHaveLength(2)
    expect(await orderRowOf(stub, id)).toMatchObject({ check_at: null, check_attempts: 0 })
    // Delivering the first send late changes nothing: one order, one event.
    await deliver([sent[0]], `confirm-late-${id.slice(0, 6)}`)
    expect(await archive().getOrderEvents(id)).toHaveLength(1)
  })
})
