/**
 * @module Calls a SKU's InventoryItem (or, for a sharded hot SKU, its shards) and turns their
 * refusals back into AppErrors. Callers name a SKU; where its stock lives is decided here.
 */
import { AppError } from '#domain/errors'
import type { ReserveRequest } from '#domain/inventory/reservations'
import type { StockLevels } from '#domain/inventory/stock'
import { unwrap } from '../shared/reply'
import type { InventoryItem, ObjectLevels, ReserveResult, Sharding } from './inventory-item'
import { parseName, probeOrder, shardName } from './sharding'
import type { LedgerRow } from './store'

/** A reservation's answer, with the object that holds it (commit and release go there). */
export type Reservation = ReserveResult & { holder: string }

/** A SKU's stock as a whole and per object. */
export interface Distribution {
  sku: string
  sharding: Sharding
  total: StockLevels & { inTransit: number }
  objects: ObjectLevels[]
}

/**
 * How long an isolate trusts what it learnt of a SKU's split. A stale belief costs calls, never
 * correctness: a sharded root redirects, and retired shards get nothing from the pool.
 */
const SHARDING_TRUST_MS = 10_000
const known = new Map<string, { sharding: Sharding; until: number }>()

/** Stock of every SKU: one InventoryItem per SKU by name, plus shards for hot SKUs. */
export class Inventory {
  constructor(private readonly namespace: DurableObjectNamespace<InventoryItem>) {}

  private item(name: string) {
    return this.namespace.getByName(name)
  }

  async receive(sku: string, quantity: number, reason?: string): Promise<StockLevels> {
    const levels = unwrap(await this.item(sku).receive(quantity, reason))
    return this.totalIfSharded(sku, levels)
  }

  /** Throws AppError `insufficient_stock` when the correction would leave available below zero. */
  async adjust(sku: string, delta: number, reason?: string): Promise<StockLevels> {
    const levels = unwrap(await this.item(sku).adjust(delta, reason))
    return this.totalIfSharded(sku, levels)
  }

  /**
   * Holds units. An unsharded SKU's object decides alone. A sharded one is tried shard by shard
   * from the reservation's home shard, then its root's pool as a last resort, so a shortfall is
   * answered only when no object could hold the units when asked.
   */
  async reserve(sku: string, request: ReserveRequest): Promise<Reservation> {
    let sharding = known.get(sku)
    if (!sharding || sharding.until < Date.now() || sharding.sharding.shards === 0) {
      const direct = unwrap(await this.item(sku).reserve(request, 'direct'))
      if (direct.reserved || !direct.sharding) {
        // Only sharded SKUs are remembered, so the map stays as small as the set of hot SKUs.
        known.delete(sku)
        return { ...direct, holder: sku }
      }
      sharding = remember(sku, direct.sharding)
    }
    const { shards, span } = sharding.sharding
    for (const i of probeOrder(request.reservationId, shards, span)) {
      const name = shardName(sku, i)
      const answer = unwrap(await this.item(name).reserve(request))
      if (answer.reserved) return { ...answer, holder: name }
    }
    const last = unwrap(await this.item(sku).reserve(request, 'last-resort'))
    return { ...last, holder: sku }
  }

  async commit(sku: string, reservationId: string, holder = sku): Promise<StockLevels> {
    return unwrap(await this.item(checkHolder(sku, holder)).commit(reservationId))
  }

  async release(sku: string, reservationId: string, holder = sku): Promise<StockLevels> {
    return unwrap(await this.item(checkHolder(sku, holder)).release(reservationId))
  }

  /** The SKU's totals, summed over its shards when it has any. */
  async snapshot(sku: string): Promise<StockLevels> {
    const { total } = await this.distribution(sku)
    const { inTransit: _, ...levels } = total
    return levels
  }

  /** The SKU's stock as a whole and object by object. */
  async distribution(sku: string): Promise<Distribution> {
    const root = await this.item(sku).objectLevels()
    const { sharding, ...rootLevels } = root
    const shards = await Promise.all(
      Array.from({ length: sharding.span }, async (_, i) => {
        const { sharding: _s, ...levels } = await this.item(shardName(sku, i + 1)).objectLevels()
        return levels
      }),
    )
    const objects = [rootLevels, ...shards]
    const sum = (field: keyof Omit<ObjectLevels, 'sku' | 'name'>) =>
      objects.reduce((n, o) => n + o[field], 0)
    return {
      sku,
      sharding,
      total: {
        sku,
        onHand: sum('onHand'),
        reserved: sum('reserved'),
        available: sum('available'),
        sold: sum('sold'),
        received: sum('received'),
        adjusted: sum('adjusted'),
        transferred: sum('transferred'),
        inTransit: sum('inTransit'),
      },
      objects,
    }
  }

  /** Splits the SKU's stock over `shards` objects (0 stops); see sharding.ts. */
  async configureShards(sku: string, shards: number): Promise<Sharding> {
    const sharding = unwrap(await this.item(sku).configureShards(shards))
    remember(sku, sharding)
    return sharding
  }

  /** The most units one customer may hold and buy of the SKU, or null for no limit. */
  purchaseLimit(sku: string): Promise<number | null> {
    return this.item(sku).purchaseLimit()
  }

  /** Sets (null removes) the SKU's per-customer limit; `conflict` while it is sharded. */
  async setPurchaseLimit(sku: string, perCustomer: number | null): Promise<number | null> {
    return unwrap(await this.item(sku).setPurchaseLimit(perCustomer))
  }

  /** The ledger of one object: the SKU's own by default, or a shard's by its name. */
  ledger(name: string, limit?: number): Promise<LedgerRow[]> {
    return this.item(name).ledger(limit)
  }

  private async totalIfSharded(sku: string, levels: StockLevels): Promise<StockLevels> {
    const { span } = await this.item(sku).sharding()
    return span === 0 ? levels : this.snapshot(sku)
  }
}

function remember(sku: string, sharding: Sharding) {
  if (sharding.shards === 0) known.delete(sku)
  const entry = { sharding, until: Date.now() + SHARDING_TRUST_MS }
  known.set(sku, entry)
  return entry
}

/** A holder must be the SKU's own object or one of its shards. */
function checkHolder(sku: string, holder: string): string {
  if (parseName(holder).sku !== sku)
    throw new AppError('validation_failed', `${holder} does not hold stock of ${sku}`)
  return holder
}
