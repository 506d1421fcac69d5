/**
 * @module Shared set-up of the Shopper tests: stocked and priced SKUs, checkout commands, and the
 * test seam into an object's internals (runInDurableObject only, which production cannot reach).
 */
import { env, runInDurableObject } from 'cloudflare:test'
import type { PricedVariant } from '#domain/ports/catalog-store'
import { Inventory } from '../inventory-item/adapter'
import { Shoppers } from './adapter'
import type { ShopperCore } from './core'
import { confirmArchived, retireFinished, runDueWork } from './due-work'
import { skuPriceKey } from './pricing'
import type { CheckoutCommand, Shopper, ShopperEnv } from './shopper'

export const shoppers = () => new Shoppers(env.SHOPPER)
export const inventory = () => new Inventory(env.INVENTORY_ITEM)
export const unique = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}`
/** A new shopper's user id. */
export const newShopper = () => crypto.randomUUID()
export const stubOf = (userId: string) => env.SHOPPER.getByName(userId)

/** A SKU with `quantity` units received, in the KV price list at `priceMinor` (EUR, active). */
export async function stocked(quantity: number, name = 'sku', priceMinor = 1_000): Promise<string> {
  const sku = unique(name)
  await inventory().receive(sku, quantity)
  await priceSku(sku, priceMinor)
  return sku
}

/** Writes a SKU's entry in the KV price list, as a catalog write does. */
export async function priceSku(
  sku: string,
  priceMinor: number,
  productStatus: PricedVariant['productStatus'] = 'active',
): Promise<void> {
  const variant: PricedVariant = {
    sku,
    title: '',
    priceMinor,
    currency: 'EUR',
    productId: `p-${sku}`.slice(0, 36),
    productTitle: `Product ${sku}`,
    productStatus,
  } as PricedVariant
  await env.CATALOG_KV.put(skuPriceKey(sku), JSON.stringify(variant))
}

/** A checkout command for explicit lines under a new key. */
export function command(
  items: { sku: string; quantity: number }[],
  over: Partial<CheckoutCommand> = {},
): CheckoutCommand {
  return {
    idempotencyKey: unique('key'),
    requestHash: digest(items.map((i) => `${i.sku}*${i.quantity}`).join(',')),
    request: { items },
    currency: 'EUR',
    ttlSeconds: 900,
    // The rate has its own tests (checkout-rate.test.ts); these place many orders per shopper.
    rate: { limit: 100_000, windowSeconds: 60 },
    ...over,
  }
}

/** A short stand-in for the Worker's request digest: different baskets, different strings. */
function digest(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return `h-${(h >>> 0).toString(16)}-${text.length}`
}

const coreOf = (instance: Shopper) => (instance as unknown as { core: ShopperCore }).core

/** Runs the alarm's work as if it were `now` (to look past a window), without waiting for the alarm. */
export const dueWorkAt = (stub: DurableObjectStub<Shopper>, now: number) =>
  runInDurableObject(stub, (instance) => runDueWork(coreOf(instance), now))

/** The order id a checkout under `key` places at this shopper now (order-ids.ts). */
export const orderIdFor = (stub: DurableObjectStub<Shopper>, userId: string, key: string) =>
  runInDurableObject(stub, (instance) => coreOf(instance).ids.orderId(userId, key))

/** Runs the archive check as if it were `now`. */
export const confirmArchivedAt = (stub: DurableObjectStub<Shopper>, now: number) =>
  runInDurableObject(stub, (instance) => confirmArchived(coreOf(instance), now))

/** Retires what is due as if it were `now`; the ids of the orders that left. */
export const retireAt = (stub: DurableObjectStub<Shopper>, now: number) =>
  runInDurableObject(stub, (instance) => retireFinished(coreOf(instance), now))

/** An order's bookkeeping columns in its shopper's object, or undefined once it left. */
export const orderRowOf = (stub: DurableObjectStub<Shopper>, id: string) =>
  runInDurableObject(
    stub,
    (_, state) =>
      state.storage.sql
        .exec<{ check_at: number | null; check_attempts: number; retire_check_at: number | null }>(
          'SELECT check_at, check_attempts, retire_check_at FROM orders WHERE id = ?',
          id,
        )
        .toArray()[0],
  )

/** The idempotency record of `key`, as stored. */
export const placementOf = (stub: DurableObjectStub<Shopper>, key: string) =>
  runInDurableObject(
    stub,
    (_, state) =>
      state.storage.sql
        .exec<{ state: string; result: string | null }>(
          'SELECT state, result FROM placements WHERE idempotency_key = ?',
          key,
        )
        .toArray()[0],
  )

/** Waits until the object's background sends have finished. */
export const flushed = (stub: DurableObjectStub<Shopper>) =>
  runInDurableObject(stub, (instance) => coreOf(instance).outbox.idle())

/** The outbox rows of a shopper object, oldest first. */
export function outboxOf(stub: DurableObjectStub<Shopper>) {
  return runInDurableObject(stub, (_, state) =>
    state.storage.sql
      .exec<{ body: string; attempts: number; retry_at: number }>(
        'SELECT body, attempts, retry_at FROM outbox ORDER BY seq',
      )
      .toArray()
      .map((r) => ({
        ...r,
        body: JSON.parse(r.body) as { type: string; id: string; data: unknown },
      })),
  )
}

/** The alarm time of an object, or null. */
export const alarmOf = (stub: DurableObjectStub<Shopper>) =>
  runInDurableObject(stub, (_, state) => state.storage.getAlarm())

/** When the object next checks that the archive holds order `id`, or null. */
export const archiveCheckOf = (stub: DurableObjectStub<Shopper>, id: string) =>
  runInDurableObject(
    stub,
    (_, state) =>
      state.storage.sql
        .exec<{ check_at: number | null }>('SELECT check_at FROM orders WHERE id = ?', id)
        .toArray()[0]?.check_at ?? null,
  )

/** Replaces bindings of the object in memory (kept until it is evicted). */
export function useEnv(stub: DurableObjectStub<Shopper>, patch: Partial<ShopperEnv>) {
  return runInDurableObject(stub, (instance) => {
    const target = instance as unknown as { env: ShopperEnv }
    target.env = { ...target.env, ...patch }
  })
}

/** Replaces the object's queue binding: to make sends fail, or to record them. */
export const useQueue = (stub: DurableObjectStub<Shopper>, queue: Queue) =>
  useEnv(stub, { EVENTS: queue })

/** A queue binding whose sends fail, as when the queue service is unavailable. */
export const failingQueue = {
  send: () => Promise.reject(new Error('queue unavailable')),
  sendBatch: () => Promise.reject(new Error('queue unavailable')),
} as unknown as Queue

/** The real queue binding, with every body it accepted recorded in `sent` and each call counted. */
export function recordingQueue(sent: unknown[] = []) {
  const calls = { sends: 0 }
  const queue = {
    send: async (body: unknown, options?: QueueSendOptions) => {
      await env.EVENTS.send(body, options)
      calls.sends++
      sent.push(body)
    },
    sendBatch: async (messages: Iterable<MessageSendRequest>, options?: QueueSendBatchOptions) => {
      const batch = [...messages]
      await env.EVENTS.sendBatch(batch, options)
      calls.sends++
      sent.push(...batch.map((m) => m.body))
    },
  } as unknown as Queue
  return { queue, sent, calls }
}
