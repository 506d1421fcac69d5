/**
 * @module Reads and writes the store's settings: writes go to its one StoreSettings object, which
 * publishes every version to KV; the reads that price carts and checkouts take KV's copy at their
 * own location through a short per-isolate cache, and reach the object only when KV has none.
 */
import type { Discount } from '#domain/discounts/discount'
import { createLogger, errorMessage } from '#domain/log'
import type { ShippingZone } from '#domain/shipping/shipping'
import type { TaxSettings } from '#domain/tax/rates'
import { unwrap } from '../shared/reply'
import { settingsKey } from './published'
import type { Settings, StoreSettings } from './store-settings'

export type { Settings }

/**
 * How long an isolate keeps the settings it read: it may price with settings this much older than
 * KV's copy. Writes and `fresh()` always reach the object, so the admin API reads its own writes.
 */
export const SETTINGS_CACHE_MS = 5_000

/** How long a location keeps a KV read of the settings before asking KV's central store (KV's minimum). */
export const SETTINGS_KV_CACHE_TTL_SECONDS = 60

/** The one object's name: settings are per store, and this deployment is one store. */
const STORE = 'store'

const log = createLogger(undefined, { adapter: 'StoreSettingsStore' })

// Stores this isolate wrote to since it last read: their next read goes to the object.
const ownWrites = new Set<string>()

// Module state: one cached copy per isolate and object, shared by its requests.
const cache = new Map<string, { settings: Settings; until: number }>()

/** The store's shipping, tax and discount settings. */
export class StoreSettingsStore {
  /** `name` other than the store's own is for tests that must not share its settings. */
  constructor(
    private readonly namespace: DurableObjectNamespace<StoreSettings>,
    /** Where the object publishes each version; read first by `read()`. */
    private readonly kv: KVNamespace,
    private readonly name = STORE,
  ) {}

  private object() {
    return this.namespace.getByName(this.name)
  }

  /**
   * The settings as this isolate last read them, at most SETTINGS_CACHE_MS old; else KV's copy at
   * this location; else (nothing published yet, or KV failing) the object's, which it publishes.
   */
  async read(now = Date.now()): Promise<Settings> {
    const cached = this.cached()
    if (cached && cached.until > now) return cached.settings
    // The isolate that wrote reads the object once, so it sees its own write at once.
    if (ownWrites.delete(this.name)) return this.fresh(now)
    const settings = (await this.fromKv()) ?? (await this.object().published())
    cache.set(this.name, { settings, until: now + SETTINGS_CACHE_MS })
    return settings
  }

  /** KV's copy; a failing KV is a miss (invariant 7: caches fail open to the source). */
  private async fromKv(): Promise<Settings | null> {
    try {
      return await this.kv.get<Settings>(settingsKey(this.name), {
        type: 'json',
        cacheTtl: SETTINGS_KV_CACHE_TTL_SECONDS,
      })
    } catch (error) {
      log.warn('settings read from KV failed; reading the object', { error: errorMessage(error) })
      return null
    }
  }

  /** The settings as the object holds them now; refreshes this isolate's copy. */
  async fresh(now = Date.now()): Promise<Settings> {
    const settings = await this.object().read()
    ownWrites.delete(this.name)
    cache.set(this.name, { settings, until: now + SETTINGS_CACHE_MS })
    return settings
  }

  async putShippingZones(zones: ShippingZone[]): Promise<ShippingZone[]> {
    return this.written(unwrap(await this.object().putShippingZones(zones)))
  }

  async putTax(settings: TaxSettings): Promise<TaxSettings> {
    return this.written(unwrap(await this.object().putTax(settings)))
  }

  async discount(id: string): Promise<Discount | null> {
    return this.object().discount(id)
  }

  async putDiscount(discount: Discount, mode: 'create' | 'update'): Promise<Discount> {
    return this.written(unwrap(await this.object().putDiscount(discount, mode)))
  }

  /** This isolate sees its own writes at once; other isolates within the staleness budget. */
  private written<T>(value: T): T {
    cache.delete(this.name)
    ownWrites.add(this.name)
    return value
  }

  private cached() {
    return cache.get(this.name)
  }
}
