/** @module Calls a SKU's InventoryItem and turns its refusals back into AppErrors. */
import type { ReserveRequest } from '../../domain/inventory/reservations'
import type { StockLevels } from '../../domain/inventory/stock'
import type { InventoryItem, ReserveResult } from './inventory-item'
import { unwrap } from './reply'
import type { LedgerRow } from './store'

/** Stock of every SKU, one InventoryItem per SKU by name. */
export class Inventory {
  constructor(private readonly namespace: DurableObjectNamespace<InventoryItem>) {}

  private item(sku: string) {
    return this.namespace.getByName(sku)
  }

  async receive(sku: string, quantity: number, reason?: string): Promise<StockLevels> {
    return unwrap(await this.item(sku).receive(quantity, reason))
  }

  /** Throws AppError `insufficient_stock` when the correction would leave available below zero. */
  async adjust(sku: string, delta: number, reason?: string): Promise<StockLevels> {
    return unwrap(await this.item(sku).adjust(delta, reason))
  }

  async reserve(sku: string, request: ReserveRequest): Promise<ReserveResult> {
    return unwrap(await this.item(sku).reserve(request))
  }

  async commit(sku: string, reservationId: string): Promise<StockLevels> {
    return unwrap(await this.item(sku).commit(reservationId))
  }

  async release(sku: string, reservationId: string): Promise<StockLevels> {
    return unwrap(await this.item(sku).release(reservationId))
  }

  snapshot(sku: string): Promise<StockLevels> {
    return this.item(sku).snapshot()
  }

  ledger(sku: string, limit?: number): Promise<LedgerRow[]> {
    return this.item(sku).ledger(limit)
  }
}
