/**
 * @module StoreSettings in workerd: whole-set validation, versions, publication to KV (retried by
 * the alarm), and the readers' path: isolate cache, then KV, then the object.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { ShippingZone } from '#domain/shipping/shipping'
import { SETTINGS_CACHE_MS, type Settings, StoreSettingsStore } from './adapter'
import { settingsKey } from './published'
import { PUBLISH_RETRY_MS, type StoreSettings } from './store-settings'

// An object of its own, so the admin route tests' writes to the store's settings never meet these.
const NAME = `test-${crypto.randomUUID()}`
const store = new StoreSettingsStore(env.STORE_SETTINGS, env.CATALOG_KV, NAME)
const object = () => env.STORE_SETTINGS.getByName(NAME)
const kvCopy = (name = NAME) => env.CATALOG_KV.get<Settings>(settingsKey(name), 'json')

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
    expect(await kvCopy()).toEqual(after)
  })

  it('publishes every write to KV before answering it', async () => {
    const reply = await object().putTax({
      pricesIncludeTax: true,
      originCountry: 'DE',
      shipping: 'standard',
      rates: [{ country: 'DE', standardPpm: 190_000, reducedPpm: 70_000 }],
    })
    expect(reply.ok).toBe(true)
    const published = await kvCopy()
    expect(published?.tax?.rates).toEqual([
      { country: 'DE', standardPpm: 190_000, reducedPpm: 70_000 },
    ])
    expect(published).toEqual(await store.fresh())
  })

  it('serves cached reads for at most the staleness budget after a write elsewhere', async () => {
    await store.putShippingZones([zone('old', ['FR'])])
    const t0 = Date.now()
    const seen = await store.read(t0)
    // A write through another isolate: straight to the object, not through this cache.
    const reply = await object().putShippingZones([zone('new', ['FR'])])
    expect(reply.ok).toBe(true)
    expect((await store.read(t0 + SETTINGS_CACHE_MS - 1)).version).toBe(seen.version)
    const later = await store.read(t0 + SETTINGS_CACHE_MS)
    expect(later.version).toBe(seen.version + 1)
    expect(later.shippingZones[0]?.id).toBe('new')
  })

  it("reads KV's copy, not the object, once the isolate's copy is old", async () => {
    await store.putShippingZones([zone('object', ['ES'])])
    const stored = await store.fresh()
    // KV is what readers trust: a copy that differs from the object's is what they see.
    const marked = { ...stored, shippingZones: [zone('kv', ['ES'])] }
    await env.CATALOG_KV.put(settingsKey(NAME), JSON.stringify(marked))
    const read = await store.read(Date.now() + SETTINGS_CACHE_MS)
    expect(read.shippingZones[0]?.id).toBe('kv')
  })

  it('reads and publishes the object’s settings when KV holds none', async () => {
    const name = `test-${crypto.randomUUID()}`
    const fresh = new StoreSettingsStore(env.STORE_SETTINGS, env.CATALOG_KV, name)
    expect(await kvCopy(name)).toBeNull()
    const read = await fresh.read()
    expect(read).toMatchObject({ version: 0, shippingZones: [], tax: null, discounts: [] })
    expect(await kvCopy(name)).toEqual(read)
  })

  it('falls back to the object when KV fails', async () => {
    const name = `test-${crypto.randomUUID()}`
    const failing = {
      get: () => Promise.reject(new Error('KV is down')),
    } as unknown as KVNamespace
    await new StoreSettingsStore(env.STORE_SETTINGS, env.CATALOG_KV, name).putShippingZones([
      zone('z', ['PT']),
    ])
    const read = await new StoreSettingsStore(env.STORE_SETTINGS, failing, name).read(
      Date.now() + SETTINGS_CACHE_MS,
    )
    expect(read.shippingZones[0]?.id).toBe('z')
  })

  it('keeps a write whose publication failed, and the alarm publishes it', async () => {
    const name = `test-${crypto.randomUUID()}`
    const stub = env.STORE_SETTINGS.getByName(name)
    await runInDurableObject(stub, async (instance: StoreSettings, state) => {
      const own = instance as unknown as { env: { CATALOG_KV: KVNamespace } }
      const kv = own.env.CATALOG_KV
      own.env.CATALOG_KV = {
        put: () => Promise.reject(new Error('KV is down')),
      } as unknown as KVNamespace
      const before = Date.now()
      const reply = await instance.putShippingZones([zone('late', ['NL'])])
      expect(reply.ok).toBe(true)
      expect(instance.read().shippingZones[0]?.id).toBe('late')
      expect(await state.storage.getAlarm()).toBeGreaterThanOrEqual(before + PUBLISH_RETRY_MS)
      own.env.CATALOG_KV = kv
    })
    expect(await kvCopy(name)).toBeNull()
    expect(await runDurableObjectAlarm(stub)).toBe(true)
    expect((await kvCopy(name))?.shippingZones[0]?.id).toBe('late')
  })

  it('lets this isolate read its own writes at once, from the object', async () => {
    await store.read()
    await store.putShippingZones([zone('mine', ['IT'])])
    // KV's copy lagging behind the write (as it may where KV has not caught up): the writing
    // isolate still reads what it wrote, because its next read asks the object.
    const current = await object().read()
    await env.CATALOG_KV.put(
      settingsKey(NAME),
      JSON.stringify({ ...current, version: 0, shippingZones: [] }),
    )
    await store.putShippingZones([zone('mine-again', ['IT'])])
    await env.CATALOG_KV.put(
      settingsKey(NAME),
      JSON.stringify({ ...current, version: 0, shippingZones: [] }),
    )
    expect((await store.read()).shippingZones[0]?.id).toBe('mine-again')
  })

  it('retries a publication from the alarm until KV takes it', async () => {
    const name = `test-${crypto.randomUUID()}`
    const stub = env.STORE_SETTINGS.getByName(name)
    await runInDurableObject(stub, async (instance: StoreSettings, state) => {
      const own = instance as unknown as { env: { CATALOG_KV: KVNamespace } }
      const kv = own.env.CATALOG_KV
      own.env.CATALOG_KV = {
        put: () => Promise.reject(new Error('KV is down')),
      } as unknown as KVNamespace
      expect((await instance.putShippingZones([zone('late', ['BE'])])).ok).toBe(true)
      // The alarm fails too: it sets itself again instead of throwing (workerd stops retrying).
      const before = Date.now()
      await instance.alarm()
      expect(await state.storage.getAlarm()).toBeGreaterThanOrEqual(before + PUBLISH_RETRY_MS)
      own.env.CATALOG_KV = kv
    })
    expect(await runDurableObjectAlarm(stub)).toBe(true)
    expect((await kvCopy(name))?.shippingZones[0]?.id).toBe('late')
  })
})
