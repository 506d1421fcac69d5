/** @module Shared set-up of the Order tests: stocked SKUs, placement requests, object internals. */
import { env, runInDurableObject } from 'cloudflare:test'
import type { PricedLine } from '#domain/orders/order'
import type { PlaceOrderInput } from '#domain/orders/place'
import { Inventory } from '../inventory-item/adapter'
import { Orders, orderObjectName } from './adapter'
import type { Order, OrderEnv } from './order'

export const orders = () => new Orders(env.ORDER)
export const inventory = () => new Inventory(env.INVENTORY_ITEM)
export const unique = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}`

/** A SKU with `quantity` units received. */
export async function stocked(quantity: number, name = 'sku'): Promise<string> {
  const sku = unique(name)
  await inventory().receive(sku, quantity)
  return sku
}

export const line = (sku: string, quantity: number, unitPriceMinor = 1_000): PricedLine => ({
  sku,
  productId: `p-${sku}`.slice(0, 36),
  title: `Product ${sku}`,
  unitPriceMinor,
  quantity,
})

export function placement(
  lines: PricedLine[],
  over: Partial<PlaceOrderInput> = {},
): PlaceOrderInput {
  return {
    userId: 'user-1',
    idempotencyKey: unique('key'),
    requestHash: 'hash-a',
    lines,
    currency: 'EUR',
    ttlSeconds: 900,
    ...over,
  }
}

/** The stub of the object that places `input`. */
export const stubFor = (input: PlaceOrderInput) =>
  env.ORDER.getByName(orderObjectName(input.userId, input.idempotencyKey))

/** The outbox rows of an order object, oldest first. */
export function outboxOf(stub: DurableObjectStub<Order>) {
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
export const alarmOf = (stub: DurableObjectStub<Order>) =>
  runInDurableObject(stub, (_, state) => state.storage.getAlarm())

/** When the object next checks that the archive holds its order (archive-check.ts), or null. */
export const archiveCheckOf = (stub: DurableObjectStub<Order>) =>
  runInDurableObject(
    stub,
    (_, state) =>
      state.storage.sql
        .exec<{ check_at: number }>('SELECT check_at FROM archive_check')
        .toArray()[0]?.check_at ?? null,
  )

/**
 * Replaces the object's queue binding in memory (the object keeps it until evicted). Used to make
 * sends fail, or to record what was sent while still forwarding it to the real queue.
 */
export function useQueue(stub: DurableObjectStub<Order>, queue: Queue) {
  return runInDurableObject(stub, (instance) => {
    const target = instance as unknown as { env: OrderEnv }
    target.env = { ...target.env, EVENTS: queue }
  })
}

/** A queue binding whose sends fail, as when the queue service is unavailable. */
export const failingQueue = {
  send: () => Promise.reject(new Error('queue unavailable')),
  sendBatch: () => Promise.reject(new Error('queue unavailable')),
} as unknown as Queue

/** The real queue binding, with every body it accepted recorded in `sent`. */
export function recordingQueue(sent: unknown[] = []) {
  const queue = {
    send: async (body: unknown, options?: QueueSendOptions) => {
      await env.EVENTS.send(body, options)
      sent.push(body)
    },
    sendBatch: async (messages: Iterable<MessageSendRequest>, options?: QueueSendBatchOptions) => {
      const batch = [...messages]
      await env.EVENTS.sendBatch(batch, options)
      sent.push(...batch.map((m) => m.body))
    },
  } as unknown as Queue
  return { queue, sent }
}
