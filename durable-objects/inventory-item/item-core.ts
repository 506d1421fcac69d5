/** @module What every InventoryItem command shares: its name, its SQLite, its alarm and its stock hint. */
import { stockHintKey } from '#domain/catalog/search-document'
import { AppError } from '#domain/errors'
import { availabilityChanged } from '#domain/inventory/events'
import { levels, type Stock, type StockChange, type StockLevels } from '#domain/inventory/stock'
import { createLogger, type Logger } from '#domain/log'
import type { CountersPort } from '#domain/ports/counters'
import { countersFor } from '../shared/ports'
import type { InventoryItem } from './inventory-item'
import { exactUnits, Published } from './published'
import { parseName, shardName } from './sharding'
import { StockHint, type StockHintEnv } from './stock-hint'
import { loadStock, nextExpiry, write } from './store'
import { loadSharding, nextTransferRetry } from './transfer-store'

/**
 * How long after its expiry the object itself expires a reservation. The order's own alarm is the
 * primary path and orders refuse payment at expiry, so this grace keeps the safety net from
 * racing a payment that is committing at the last moment.
 */
export const EXPIRY_GRACE_MS = 60_000

/**
 * The bindings an InventoryItem uses: the counters store for its hint, its own namespace, and the
 * queue that tells search when the SKU runs out or comes back.
 */
export interface InventoryEnv extends StockHintEnv {
  INVENTORY_ITEM: DurableObjectNamespace<InventoryItem>
  EVENTS: Queue
  LOG_LEVEL?: string
  /** Units at or below which the stock hint is exact (published.ts); 20 when unset. */
  STOCK_HINT_EXACT_UNITS?: string
}

/**
 * The object's state and the one way to change its stock (`apply`). The object's RPC methods and
 * its shard transfers (transfers.ts) both work through it, as the Order object works through its
 * lifecycle.
 */
export class ItemCore {
  readonly sql: SqlStorage
  readonly name: string
  readonly sku: string
  /** 0 for the SKU's own object (the root), else this shard's number. */
  readonly shard: number
  /** Every line names this object. */
  readonly log: Logger
  private alarmAt: number | null = null
  /**
   * The stock row as last read or written. Every write of it goes through `apply` in this object
   * (one instance at a time), so it stays current without a read per command.
   */
  private stock: Stock | undefined
  private readonly hint: StockHint
  private client: CountersPort | undefined
  /** What this root last published (its availability, its hint's band), kept across restarts. */
  private readonly published: Published

  constructor(
    private readonly state: DurableObjectState,
    // Read on every use, not captured: the object's env is the one source of bindings.
    readonly env: () => InventoryEnv,
  ) {
    const name = state.id.name
    if (!name) throw new Error('InventoryItem objects are addressed by SKU name (getByName)')
    this.name = name
    ;({ sku: this.sku, shard: this.shard } = parseName(name))
    this.sql = state.storage.sql
    this.log = createLogger(env().LOG_LEVEL, { object: name })
    this.hint = new StockHint(stockHintKey(name), () => this.publishHint(), this.log)
    this.published = new Published(this.sql)
  }

  /**
   * Reads the alarm and what was published once, at start-up (after the migrations), so
   * `schedule` knows what is set and a restart does not announce the availability again.
   */
  async load(): Promise<void> {
    if (this.shard === 0) this.published.load()
    this.alarmAt = await this.state.storage.getAlarm()
  }

  /** A running alarm is no longer scheduled; the next one is set from what is still active. */
  alarmStarted(): void {
    this.alarmAt = null
  }

  transaction<T>(work: () => T): T {
    return this.state.storage.transactionSync(work)
  }

  /** The current totals. */
  snapshot(): StockLevels {
    return levels(this.current())
  }

  private current(): Stock {
    this.stock ??= loadStock(this.sql, this.sku)
    return this.stock
  }

  /**
   * Loads, decides and writes in one transaction (with `also`, the caller's own rows), then keeps
   * the alarm in step and the stock hint fresh. The hint is written in the background: no sale
   * waits for it or fails with it.
   */
  async apply(
    decide: (stock: Stock) => StockChange,
    reason?: string,
    also?: () => void,
  ): Promise<StockLevels> {
    const now = Date.now()
    const { stock, changed, holdsUntil } = this.transaction(() => {
      const change = decide(this.current())
      if (change.entries.length > 0 || change.reservations.length > 0)
        write(this.sql, change, now, reason ?? null)
      also?.()
      return {
        stock: change.stock,
        changed: change.entries.length > 0,
        holdsUntil: onlyNewHolds(change),
      }
    })
    // Committed with the transaction: a decision that threw, or a rollback, leaves it as it was.
    this.stock = stock
    if (changed) this.refreshHint()
    // New holds only make the earliest deadline earlier, if anything: when the alarm is set at
    // or before their expiry it stays, and no query is needed (a sale's hot path).
    if (holdsUntil === null || this.alarmAt === null || this.alarmAt > holdsUntil + EXPIRY_GRACE_MS)
      await this.schedule()
    return levels(stock)
  }

  /** One alarm serves both deadlines: reservation expiry and transfer retries. */
  async schedule(): Promise<void> {
    const next = nextExpiry(this.sql)
    const retry = nextTransferRetry(this.sql)
    const times = [next === null ? null : next + EXPIRY_GRACE_MS, retry].filter(
      (t): t is number => t !== null,
    )
    const at = times.length === 0 ? null : Math.min(...times)
    if (at === this.alarmAt) return
    this.alarmAt = at
    // Alarm calls are applied in the order they are issued, so the latest decision wins.
    if (at === null) await this.state.storage.deleteAlarm()
    else await this.state.storage.setAlarm(at)
  }

  /** Marks the stock hint stale and keeps its write alive in the background. */
  refreshHint(): void {
    const publishing = this.hint.refresh()
    if (publishing) this.state.waitUntil(publishing)
  }

  /** The name of the SKU's object number `shard` (0 is the root). */
  peer(shard: number): string {
    return shard === 0 ? this.sku : shardName(this.sku, shard)
  }

  requireRoot(operation: string): void {
    if (this.shard !== 0)
      throw new AppError('validation_failed', `${operation} goes to the SKU's own object`)
  }

  /** Built on first use, so an object that never changes stock never builds a client. */
  private counters(): CountersPort {
    this.client ??= countersFor(this.env())
    return this.client
  }

  /**
   * Writes this object's stock hint. Unsharded, the root's available is the SKU's hint, written
   * when readers need it (Published.hintDue: at or below STOCK_HINT_EXACT_UNITS, or leaving that
   * band), so a sale far above the band makes no call to the counters store. Sharded, each shard
   * writes its own part at every change and tells the root, which writes the SKU's hint as its
   * pool plus every part, so the one writer of the SKU's hint always sums what is stored last.
   * When the SKU runs out or comes back, the root also sends inventory.availability_changed, and
   * records that it did in SQLite (a restart does not send it again); a failed send is logged
   * with the hint and sent at the next change (a reindex also corrects the flag).
   */
  private async publishHint(): Promise<void> {
    const { available } = this.snapshot()
    const env = this.env()
    if (this.shard > 0) {
      await this.counters().set(stockHintKey(this.name), available)
      await env.INVENTORY_ITEM.getByName(this.sku).refreshHint()
      return
    }
    const band = exactUnits(env)
    const { span } = loadSharding(this.sql)
    if (span === 0 && !this.published.hintDue(available, band)) {
      if (this.published.announcementDue(available)) await this.announce(available > 0)
      return
    }
    const parts =
      span === 0
        ? []
        : await this.counters().getMany(
            Array.from({ length: span }, (_, i) => stockHintKey(this.peer(i + 1))),
          )
    const total = available + parts.reduce((sum, n) => sum + Math.max(0, n), 0)
    await this.counters().set(stockHintKey(this.sku), total)
    this.published.hintWritten(total, band)
    // Ran out or came back (or never announced): the search index's in-stock flag follows.
    if (this.published.announcementDue(total)) await this.announce(total > 0)
  }

  private async announce(inStock: boolean): Promise<void> {
    await this.env().EVENTS.send(
      availabilityChanged({ sku: this.sku, inStock }, crypto.randomUUID(), Date.now()),
      { contentType: 'json' },
    )
    this.published.announced(inStock)
  }
}

/**
 * The earliest expiry of a change that only adds (or repeats) active reservations, else null:
 * such a change cannot move any deadline later.
 */
function onlyNewHolds(change: StockChange): number | null {
  if (change.reservations.length === 0) return null
  let earliest = Number.POSITIVE_INFINITY
  for (const r of change.reservations) {
    if (r.status !== 'active') return null
    earliest = Math.min(earliest, r.expiresAt)
  }
  return earliest
}
