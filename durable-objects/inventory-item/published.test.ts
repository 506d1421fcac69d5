/**
 * @module A SKU's root object publishes what readers need and remembers it across restarts: the
 * stock hint is written within the exact band (and when leaving it), not at every sale above it,
 * and inventory.availability_changed is sent once per flip, not again after a restart.
 */
import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { stockHintKey } from '#domain/catalog/search-document'
import type { CountersPort } from '#domain/ports/counters'
import { DurableObjectCounters } from '../counters/adapter'
import { recordingQueue } from '../shopper/test-helpers'
import { type InventoryEnv, InventoryItem } from './inventory-item'
import { DEFAULT_EXACT_UNITS } from './published'
import { eventually, hold, inventory, sku } from './test-helpers'

const counters = new DurableObjectCounters(env.COUNTERS)
const hint = (s: string) => counters.get(stockHintKey(s))
const BAND = DEFAULT_EXACT_UNITS

/** The object's queue records what it sends; its counters store counts the hint writes. */
async function watch(s: string) {
  const events = recordingQueue()
  const writes: [string, number][] = []
  const counting = {
    set: async (key: string, value: number) => {
      writes.push([key, value])
      await counters.set(key, value)
    },
    getMany: (keys: string[]) => counters.getMany(keys),
  } as unknown as CountersPort
  await runInDurableObject(env.INVENTORY_ITEM.getByName(s), (instance) => {
    const target = instance as unknown as {
      env: InventoryEnv
      core: { counters: () => CountersPort }
    }
    target.env = { ...target.env, EVENTS: events.queue }
    target.core.counters = () => counting
  })
  return { sent: events.sent as { type: string; data: unknown }[], writes }
}

/** Lets the object's background publishing finish. */
const settle = () => new Promise((r) => setTimeout(r, 100))

describe('what a SKU object publishes', () => {
  it('writes the hint within the band and when leaving it, never at sales above it', async () => {
    const s = sku('band')
    const inv = inventory()
    const { writes } = await watch(s)
    await inv.receive(s, BAND + 10)
    // Never written before: written once, whatever the level.
    await eventually(async () => writes.length, 1)
    for (let i = 0; i < 5; i++) await inv.reserve(s, hold(`above-${s}-${i}`))
    await settle()
    // Five sales above the band: no call to the counters store, and the hint still says more
    // than the band and in stock, all its readers ask.
    expect(writes).toEqual([[stockHintKey(s), BAND + 10]])
    expect(await hint(s)).toBeGreaterThan(BAND)
    // Into the band: exact at every change.
    await inv.adjust(s, -5, 'recount')
    await eventually(() => hint(s), BAND)
    await inv.reserve(s, hold(`in-${s}`))
    await eventually(() => hint(s), BAND - 1)
    // Out of the band again: written once, then quiet above it.
    await inv.receive(s, 100)
    await eventually(() => hint(s), BAND + 99)
    const count = writes.length
    await inv.reserve(s, hold(`above-again-${s}`))
    await settle()
    expect(writes).toHaveLength(count)
    expect((await inv.snapshot(s)).available).toBe(BAND + 98)
  })

  it('announces each flip once, and a restarted object does not announce again', async () => {
    const s = sku('restart')
    const inv = inventory()
    const { sent } = await watch(s)
    await inv.receive(s, 2)
    await eventually(async () => sent.length, 1)
    expect(sent[0]).toMatchObject({
      type: 'inventory.availability_changed',
      data: { sku: s, inStock: true },
    })
    // A new instance over the same storage, as after eviction: it knows what it announced.
    const restarted = recordingQueue()
    await runInDurableObject(env.INVENTORY_ITEM.getByName(s), async (_, state) => {
      const fresh = new InventoryItem(state, { ...env, EVENTS: restarted.queue })
      await state.blockConcurrencyWhile(async () => {})
      expect(await fresh.reserve(hold(`r-${s}`))).toMatchObject({ ok: true })
      await settle()
      expect(restarted.sent).toEqual([])
      // The last unit goes: out of stock is announced, once.
      expect(await fresh.reserve(hold(`last-${s}`))).toMatchObject({ ok: true })
      await eventually(async () => restarted.sent.length, 1)
      expect(restarted.sent[0]).toMatchObject({ data: { sku: s, inStock: false } })
    })
    expect(await hint(s)).toBe(0)
  })
})
