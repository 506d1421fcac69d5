/**
 * @module Reads and writes the store's settings through its one StoreSettings object, with a short
 * per-isolate cache for the reads that price carts.
 */
import type { Discount } from '#domain/discounts/discount'
import type { ShippingZone } from '#domain/shipping/shipping'
import type { TaxSettings } from '#domain/tax/rates'
import { unwrap } from '../shared/reply'
import type { Settings, StoreSettings } from './store-settings'

export type { Settings }

/**
 * The staleness budget of cached reads: an isolate may price with settings up to this old after a
 * write. Writes and `fresh()` always reach the object, so the admin API reads its own writes.
 */
export const SETTINGS_CACHE_MS = 5_000

/** The one object's name: settings are per store, and this deployment is one store. */
const STORE = 'store'

// Module state: one cached copy per isolate and object, shared by its requests.
const cache = new Map<string, { settings: Settings; until: number }>()

/** The store's shipping, tax and discount settings. */
export class StoreSettingsStore {
  /** `name` other than the store's own is for tests that must not share its settings. */
  constructor(
    private readonly namespace: DurableObjectNamespace<StoreSettings>,
    private readonly name = STORE,
  ) {}

  private object() {
    return this.namespace.getByName(this.name)
  }

  /** The settings as this isolate last read them, at most SETTINGS_CACHE_MS old. */
  async read(now = Date.now()): Promise<Settings> {
    const cached = this.cached()
    if (cached && cached.until > now) return cached.settings
    return this.fresh(now)
  }

  /** The settings as the object holds them now; refreshes this isolate's copy. */
  async fresh(now = Date.now()): Promise<Settings> {
    const settings = await this.object().read()
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
    return value
  }

  private cached() {
    return cache.get(this.name)
  }
}
