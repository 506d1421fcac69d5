/** @module StoreSettings in workerd: whole-set validation, versions, and the isolate cache's staleness budget. */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { ShippingZone } from '#domain/shipping/shipping'
import { SETTINGS_CACHE_MS, StoreSettingsStore } from './adapter'

// An object of its own, so the admin route tests' writes to the store's settings never meet these.
const NAME = `test-${crypto.randomUUID()}`
const store = new StoreSettingsStore(env.STORE_SETTINGS, NAME)
const object = () => env.STORE_SETTINGS.getByName(NAME)

const zone = (id: string, countries: string[]): ShippingZone => ({
  id,
  name: id,
  countries,
  methods: [{ id: `${id}-flat`, name: 'Flat', rate: { kind: 'flat', amountMinor: 500 } }],
})

describe('StoreSettings', () => {
  it('bumps the version on every write and refuses a bad one without writing', async () => {
    const before = await store.fresh()
    await store.putShippingZones([zone('a', ['DE'])])
    const after = await store.fresh()
    expect(after.version).toBe(before.version + 1)
    expect(after.shippingZones).toEqual([zone('a', ['DE'])])
    await expect(
      store.putShippingZones([zone('a', ['DE']), zone('b', ['DE'])]),
    ).rejects.toMatchObject({ code: 'validation_failed' })
    expect(await store.fresh()).toEqual(after)
  })

  it('serves cached reads for at most the staleness budget after a write elsewhere', async () => {
    await store.putShippingZones([zone('old', ['FR'])])
    const t0 = Date.now()
    const seen = await store.fresh(t0)
    // A write through another isolate: straight to the object, not through this cache.
    const reply = await object().putShippingZones([zone('new', ['FR'])])
    expect(reply.ok).toBe(true)
    expect((await store.read(t0 + SETTINGS_CACHE_MS - 1)).version).toBe(seen.version)
    const later = await store.read(t0 + SETTINGS_CACHE_MS)
    expect(later.version).toBe(seen.version + 1)
    expect(later.shippingZones[0]?.id).toBe('new')
  })

  it('lets this isolate read its own writes at once', async () => {
    await store.read()
    await store.putShippingZones([zone('mine', ['IT'])])
    expect((await store.read()).shippingZones[0]?.id).toBe('mine')
  })
})
