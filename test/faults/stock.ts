/** @module Invariant 1: a SKU's totals and ledger, read from its InventoryItem over Miniflare's RPC. */
import { expect } from 'vitest'
import type { StockLevels } from '#domain/inventory/stock'
import type { Platform } from './platform'

/** A line of a SKU's ledger, as the InventoryItem object's `ledger()` returns it (in part). */
export interface LedgerRow {
  kind: 'receive' | 'adjust' | 'reserve' | 'commit' | 'release' | 'expire'
  quantity: number
  reservationId: string | null
  orderId: string | null
}

/** The SKU's InventoryItem object, called from Node over Miniflare's RPC proxy. */
async function inventoryItem(platform: Platform, sku: string) {
  // Typed by hand: the Node project has no Workers types for Miniflare's declarations to use.
  const namespace = (await platform
    .served()
    .mf.getDurableObjectNamespace('INVENTORY_ITEM', 'edge-commerce-api')) as unknown as {
    idFromName(name: string): unknown
    get(id: unknown): unknown
  }
  return namespace.get(namespace.idFromName(sku)) as {
    snapshot(): Promise<StockLevels>
    ledger(limit: number): Promise<LedgerRow[]>
  }
}

/** The SKU's totals, from its object. */
export async function stockOf(platform: Platform, sku: string): Promise<StockLevels> {
  return plain(await (await inventoryItem(platform, sku)).snapshot())
}

/** The SKU's ledger lines, oldest first, from its object. */
export async function ledgerOf(platform: Platform, sku: string): Promise<LedgerRow[]> {
  return plain(await (await inventoryItem(platform, sku)).ledger(10_000))
}

/** A plain copy of what the RPC proxy returned: its objects print and compare as stubs. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

/** Invariant 1 on a SKU's totals: available ≥ 0, on-hand = available + reserved, and conserved. */
export function expectNoOversell(stock: StockLevels) {
  expect(stock.available).toBeGreaterThanOrEqual(0)
  expect(stock.onHand).toBe(stock.available + stock.reserved)
  // Units moved between a hot SKU's shards count as received by the one and given by the other.
  const moved = (stock as { transferred?: number }).transferred ?? 0
  expect(stock.sold + stock.onHand).toBe(stock.received + stock.adjusted + moved)
}
