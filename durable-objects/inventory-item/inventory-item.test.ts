/** @module Tests of InventoryItem in workerd: no oversell under concurrency, ledger, safety net. */
import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { AppError } from '#domain/errors'
import { levels } from '#domain/inventory/stock'
import { EXPIRY_GRACE_MS } from './inventory-item'
import { loadStock } from './store'
import { hold, inventory, replayLedger as replay, sku } from './test-helpers'

describe('InventoryItem', () => {
  it('lets exactly 50 of 200 concurrent one-unit reservations through 50 in stock', async () => {
    const inv = inventory()
    const s = sku('hot')
    await inv.receive(s, 50)
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => inv.reserve(s, hold(`r${i}`))),
    )
    expect(results.filter((r) => r.reserved)).toHaveLength(50)
    expect(results.filter((r) => !r.reserved).every((r) => r.available === 0)).toBe(true)
    const snap = await inv.snapshot(s)
    expect(snap).toEqual({
      sku: s,
      onHand: 50,
      reserved: 50,
      available: 0,
      sold: 0,
      received: 50,
      adjusted: 0,
      transferred: 0,
    })
    const ledger = await inv.ledger(s, 1_000)
    expect(ledger.filter((e) => e.kind === 'reserve')).toHaveLength(50)
    expect(replay(ledger)).toEqual({ onHand: 50, available: 0, sold: 0 })
    expect(snap.sold + snap.onHand).toBe(snap.received + snap.adjusted)
  })

  it('commits, releases and adjusts with the totals and the ledger in step', async () => {
    const inv = inventory()
    const s = sku('mixed')
    await inv.receive(s, 10)
    await inv.reserve(s, hold('a', 3))
    await inv.reserve(s, hold('b', 2))
    await inv.commit(s, 'a')
    await inv.commit(s, 'a')
    await inv.release(s, 'b')
    await inv.release(s, 'b')
    await inv.adjust(s, -4)
    const snap = await inv.snapshot(s)
    expect(snap).toMatchObject({ onHand: 3, reserved: 0, available: 3, sold: 3, adjusted: -4 })
    const ledger = await inv.ledger(s, 100)
    expect(ledger.map((e) => e.kind)).toEqual([
      'receive',
      'reserve',
      'reserve',
      'commit',
      'release',
      'adjust',
    ])
    expect(ledger[1]).toMatchObject({ reservationId: 'a', orderId: 'order-a', sku: s })
    expect(replay(ledger)).toEqual({ onHand: 3, available: 3, sold: 3 })
    expect((await inv.ledger(s, 2)).map((e) => e.kind)).toEqual(['release', 'adjust'])
  })

  it('returns refusals as AppErrors with their codes and writes nothing', async () => {
    const inv = inventory()
    const s = sku('refuse')
    await inv.receive(s, 2)
    await inv.reserve(s, hold('x', 2))
    const err = await inv.adjust(s, -1).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: 'insufficient_stock' })
    await expect(inv.commit(s, 'missing')).rejects.toMatchObject({ code: 'reservation_not_found' })
    await expect(inv.receive(s, -1)).rejects.toMatchObject({ code: 'validation_failed' })
    await expect(inv.reserve(s, { ...hold('', 1) })).rejects.toMatchObject({
      code: 'validation_failed',
    })
    await expect(inv.release(s, 42 as unknown as string)).rejects.toMatchObject({
      code: 'validation_failed',
    })
    expect(await inv.snapshot(s)).toMatchObject({ onHand: 2, reserved: 2, available: 0 })
    expect(await inv.ledger(s, 100)).toHaveLength(2)
  })

  it('expires overdue reservations from its own alarm, after the grace period only', async () => {
    const inv = inventory()
    const s = sku('expire')
    const stub = env.INVENTORY_ITEM.getByName(s)
    await inv.receive(s, 5)
    await inv.reserve(s, hold('old', 2, Date.now() - EXPIRY_GRACE_MS - 1_000))
    await inv.reserve(s, hold('fresh', 1, Date.now() + 60_000))
    const scheduled = await runInDurableObject(stub, (_, state) => state.storage.getAlarm())
    expect(scheduled).toBeLessThanOrEqual(Date.now())
    expect(await runDurableObjectAlarm(stub)).toBe(true)
    expect(await inv.snapshot(s)).toMatchObject({ reserved: 1, available: 4 })
    expect((await inv.ledger(s, 10)).at(-1)).toMatchObject({ kind: 'expire', reservationId: 'old' })
    // The next alarm is for the fresh reservation, a grace period after its expiry.
    const next = await runInDurableObject(stub, (_, state) => state.storage.getAlarm())
    expect(next).toBeGreaterThan(Date.now() + 60_000)
    await expect(inv.commit(s, 'old')).rejects.toMatchObject({ code: 'reservation_not_active' })
  })

  it('keeps its state across an eviction, and SQLite itself refuses an oversell', async () => {
    const inv = inventory()
    const s = sku('evict')
    const stub = env.INVENTORY_ITEM.getByName(s)
    await inv.receive(s, 3)
    await inv.reserve(s, hold('k', 2))
    await evictDurableObject(stub)
    expect(await inv.reserve(s, hold('k', 2))).toMatchObject({ reserved: true, available: 1 })
    await runInDurableObject(stub, (_, state) => {
      // A write that would oversell is refused by SQLite itself, not only by the rules.
      expect(() => state.storage.sql.exec('UPDATE stock SET reserved = reserved + 5')).toThrow(
        /CHECK constraint failed/,
      )
    })
    expect(await inv.snapshot(s)).toMatchObject({ onHand: 3, reserved: 2, available: 1 })
  })

  it('answers from its stored stock row after every kind of change, refusals included', async () => {
    const inv = inventory()
    const s = sku('stored')
    const stub = env.INVENTORY_ITEM.getByName(s)
    const stored = () =>
      runInDurableObject(stub, (_, state) => levels(loadStock(state.storage.sql, s)))
    await inv.receive(s, 10)
    await inv.reserve(s, hold('a', 3))
    await inv.reserve(s, hold('b', 2))
    await inv.reserve(s, hold('too-many', 50))
    await inv.commit(s, 'a')
    await inv.release(s, 'b')
    await inv.adjust(s, -1)
    await expect(inv.adjust(s, -100)).rejects.toMatchObject({ code: 'insufficient_stock' })
    expect(await inv.snapshot(s)).toEqual(await stored())
    expect(await stored()).toMatchObject({ onHand: 6, reserved: 0, sold: 3, available: 6 })
    // A new instance reads the row again.
    await evictDurableObject(stub)
    expect(await inv.snapshot(s)).toEqual(await stored())
  })
})
