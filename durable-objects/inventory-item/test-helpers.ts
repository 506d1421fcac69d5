/** @module Test helpers for stock: replaying ledgers and checking invariant 1 across a SKU's objects. */
import { env } from 'cloudflare:test'
import { expect } from 'vitest'
import { type Distribution, Inventory } from './adapter'
import type { LedgerRow } from './store'

export const inventory = () => new Inventory(env.INVENTORY_ITEM)
/** A SKU name no other test uses. */
export const sku = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}`
/** A reservation request under id `id`, by default for one unit, expiring in a minute. */
export const hold = (id: string, quantity = 1, expiresAt = Date.now() + 60_000) => ({
  reservationId: id,
  quantity,
  expiresAt,
  orderId: `order-${id}`,
})

/**
 * Replays one object's ledger from nothing, checking each line's "after" columns and that
 * available never went below zero; returns the totals it arrives at.
 */
export function replayLedger(ledger: readonly LedgerRow[]) {
  let onHand = 0
  let available = 0
  let sold = 0
  for (const e of ledger) {
    if (e.kind === 'receive' || e.kind === 'adjust' || e.kind === 'transfer_in') {
      onHand += e.quantity
      available += e.quantity
    }
    if (e.kind === 'transfer_out') {
      onHand -= e.quantity
      available -= e.quantity
    }
    if (e.kind === 'reserve') available -= e.quantity
    if (e.kind === 'commit') {
      onHand -= e.quantity
      sold += e.quantity
    }
    if (e.kind === 'release' || e.kind === 'expire') available += e.quantity
    expect([e.onHandAfter, e.availableAfter]).toEqual([onHand, available])
    expect(available).toBeGreaterThanOrEqual(0)
  }
  return { onHand, available, sold }
}

/**
 * Invariant 1 over every object of a SKU at rest: each object's ledger replays to its totals and
 * keeps on-hand = available + reserved; nothing is in transit; transfers net to zero; and sold +
 * on-hand equals everything received plus adjustments.
 */
export async function expectStockAddsUp(inventory: Inventory, sku: string): Promise<Distribution> {
  const d = await inventory.distribution(sku)
  for (const o of d.objects) {
    const ledger = await inventory.ledger(o.name, 10_000)
    expect(replayLedger(ledger)).toEqual({ onHand: o.onHand, available: o.available, sold: o.sold })
    expect(o.onHand).toBe(o.available + o.reserved)
    expect(o.available).toBeGreaterThanOrEqual(0)
  }
  expect(d.total.inTransit).toBe(0)
  expect(d.total.transferred).toBe(0)
  expect(d.total.sold + d.total.onHand).toBe(d.total.received + d.total.adjusted)
  return d
}

/** Polls `read` until it returns `want` (background work such as the stock hint), or fails. */
export async function eventually<T>(read: () => Promise<T>, want: T, ms = 2_000): Promise<void> {
  const until = Date.now() + ms
  let last: T = await read()
  while (JSON.stringify(last) !== JSON.stringify(want) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 20))
    last = await read()
  }
  expect(last).toEqual(want)
}
