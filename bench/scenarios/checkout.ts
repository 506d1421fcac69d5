/** @module Checkout one request at a time (latency beside the ceiling) and its operations per order. */
import { assertLoopback, round } from '../load'
import { costPerMillionOrders } from '../report/prices'
import { adminCall } from '../seed'
import type { SaleTarget } from './flash-sale'
import { adjustTo, orderHeaders } from './sale-client'

/** The `checkout` object of results.json. */
export interface CheckoutResults {
  sequential: {
    p50Ms: number
    p99Ms: number
    ceilingP50Ms: number
    ceilingP99Ms: number
    checkouts: number
    ceilingRequests: number
    /**
     * The same checkouts split by the shopper's object: `cold` when workerd had evicted it (no
     * request of that shopper for over EVICTED_AFTER_MS, or none since the carts were filled), `warm`
     * when it was in memory (their last request under IN_MEMORY_MS ago); a few in between are in
     * neither. Information only: the goal is on `p50Ms`, which counts every checkout.
     */
    byShopperObject?: { cold: SplitLatency; warm: SplitLatency }
  }
  /**
   * `shipped`: one SKU with what a shop's checkout adds (issue 16): contact, a German address, a
   * flat-rate shipping method, a discount code and tax-inclusive VAT, counted the same way.
   */
  perOrder: {
    single: MeterCounts
    threeSkus: MeterCounts
    shipped?: MeterCounts
    /** One checkout of one SKU refused for want of stock (409), as a sold-out drop answers most. */
    soldOut?: MeterCounts
  }
  costPerMillionOrdersUsd: {
    single: number
    threeSkus: number
    shipped?: number
    /** Per million refused checkouts. */
    soldOut?: number
  }
}

/** Checkout details beside the lines (contact, addresses, method, codes). */
export type CheckoutExtra = Record<string, unknown>

/** The meter's read-out (GET /v1/ops/meter). */
export type MeterCounts = Record<string, number | Record<string, number>> & {
  objectCalls: number
  alarmRuns: number
  sqlRowsRead: number
  sqlRowsWritten: number
  kvReads: number
  kvWrites: number
  queueMessages: number
}

const CEILING_PATH = '/v1/bench-no-such-route'
/** workerd evicts an idle object 10 s after its last request; these keep a margin either side. */
const EVICTED_AFTER_MS = 10_500
const IN_MEMORY_MS = 9_000

/** p50 and p99 of a subset of the sequential checkouts, and how many. */
export interface SplitLatency {
  checkouts: number
  p50Ms: number
  p99Ms: number
}
const STOCK = 100_000

/** Milliseconds at the given percentile (nearest rank) of `samples`. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)
  return round(sorted[rank] ?? Number.NaN)
}

/** One checkout of one unit of each SKU; throws unless it answers `expected` (201). */
async function checkout(
  target: SaleTarget,
  skus: string[],
  key: string,
  i = 0,
  extra: CheckoutExtra = {},
  expected = 201,
) {
  const res = await fetch(`${target.url}/v1/orders`, {
    method: 'POST',
    headers: orderHeaders(target, i, key),
    body: JSON.stringify({ items: skus.map((sku) => ({ sku, quantity: 1 })), ...extra }),
  })
  const text = await res.text()
  if (res.status !== expected)
    throw new Error(`checkout answered ${res.status}, not ${expected}: ${text.slice(0, 200)}`)
}

async function timed(run: () => Promise<unknown>) {
  const start = performance.now()
  await run()
  return performance.now() - start
}

/**
 * `count` sequential checkouts of one SKU (rotating shoppers, fresh keys) and `count` sequential
 * requests to the ceiling route, interleaved in blocks so both see the same machine load. The
 * warm-up wakes the SKU's object, the caches and the first 20 shoppers' objects; the others' were
 * evicted after their cart was filled, so each one's first timed checkout finds it cold, as a
 * shopper coming back after a while would (the split is reported beside the figures).
 * `cartsFilledAt`: `performance.now()` when the shoppers' last requests before this (their carts)
 * ended, so the split knows whose object may still be in memory; omitted, long enough ago.
 */
export async function sequentialLatency(
  target: SaleTarget,
  sku: string,
  count: number,
  cartsFilledAt = Number.NEGATIVE_INFINITY,
) {
  assertLoopback(target.url)
  await adjustTo(target.url, sku, STOCK)
  const run = `seq-${Date.now()}`
  const ceiling = () => fetch(`${target.url}${CEILING_PATH}`).then((r) => r.arrayBuffer())
  const lastSeen = new Map<number, number>()
  const shopperOf = (i: number) => i % target.tokens.length
  // Unrecorded warm-up: the SKU's object, the caches and the first shoppers' objects awake.
  for (let i = 0; i < 20; i++) {
    await checkout(target, [sku], `${run}-warm-${i}`, i)
    lastSeen.set(shopperOf(i), performance.now())
    await ceiling()
  }
  const orders: number[] = []
  const cold: number[] = []
  const warm: number[] = []
  const pipeline: number[] = []
  for (let i = 0; i < count; i++) {
    const since = performance.now() - (lastSeen.get(shopperOf(i)) ?? cartsFilledAt)
    const ms = await timed(() => checkout(target, [sku], `${run}-${i}`, i))
    lastSeen.set(shopperOf(i), performance.now())
    orders.push(ms)
    if (since > EVICTED_AFTER_MS) cold.push(ms)
    else if (since < IN_MEMORY_MS) warm.push(ms)
    pipeline.push(await timed(ceiling))
  }
  const split = (samples: number[]): SplitLatency => ({
    checkouts: samples.length,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
  })
  return {
    p50Ms: percentile(orders, 50),
    p99Ms: percentile(orders, 99),
    ceilingP50Ms: percentile(pipeline, 50),
    ceilingP99Ms: percentile(pipeline, 99),
    checkouts: count,
    ceilingRequests: count,
    byShopperObject: { cold: split(cold), warm: split(warm) },
  }
}

async function meter(url: string, method: 'GET' | 'DELETE' = 'GET') {
  const res = await adminCall(url, '/v1/ops/meter', undefined, method)
  if (res.status !== (method === 'GET' ? 200 : 204))
    throw new Error(`${method} /v1/ops/meter answered ${res.status}: the meter is off`)
  return res.body as MeterCounts
}

/** The meter once two reads 1.5 s apart agree: the checkout's own follow-up work has run. */
async function settledMeter(url: string) {
  let previous = JSON.stringify(await meter(url))
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 1_500))
    const now = await meter(url)
    if (JSON.stringify(now) === previous) return now
    previous = JSON.stringify(now)
  }
  throw new Error('the meter kept changing for 30 s after one checkout')
}

/**
 * The shopper's object sets its alarm at most FOLLOW_UP_MS after a checkout (its first retry of
 * anything left to do: the outbox, settlement); that alarm run is part of what an order costs.
 */
const FOLLOW_UP_MS = 12_000

/** The meter once a checkout's follow-ups have run: its alarm's deadline passed, then quiet. */
async function afterFollowUps(url: string) {
  await new Promise((r) => setTimeout(r, FOLLOW_UP_MS))
  return settledMeter(url)
}

/**
 * Counts one checkout exactly on a metered platform: the shopper and the SKUs' objects already
 * exist (one earlier checkout of the same SKUs by the same shopper), the meter is reset, one
 * checkout runs, and the meter is read once its follow-up work (outbox send) has settled.
 */
export async function operationsPerOrder(
  target: SaleTarget,
  skus: string[],
  extra: CheckoutExtra = {},
) {
  for (const sku of skus) await adjustTo(target.url, sku, STOCK)
  const run = `ops-${skus.length}-${Date.now()}`
  await checkout(target, skus, `${run}-warm`, 0, extra)
  await afterFollowUps(target.url)
  await meter(target.url, 'DELETE')
  // Reading the meter must cost nothing, or the counts below would include the reads.
  const idle = await settledMeter(target.url)
  if (idle.objectCalls + idle.sqlRowsRead + idle.kvReads !== 0)
    throw new Error(`reading the meter is not free: ${JSON.stringify(idle)}`)
  await checkout(target, skus, `${run}-measured`, 0, extra)
  const counts = await afterFollowUps(target.url)
  return { counts, costPerMillionOrdersUsd: costPerMillionOrders(counts) }
}

/**
 * Counts one refused checkout exactly, as `operationsPerOrder` counts an order: the answer most
 * shoppers get once a drop sells out (409 insufficient_stock). The shopper's and the SKU's objects
 * exist (one earlier order of the SKU by the same shopper); then the SKU's stock is set to none,
 * the meter reset, and one checkout of it counted with whatever follows it.
 */
export async function operationsPerRefusal(target: SaleTarget, sku: string) {
  await adjustTo(target.url, sku, STOCK)
  const run = `ops-refused-${Date.now()}`
  await checkout(target, [sku], `${run}-warm`)
  await adjustTo(target.url, sku, 0)
  await afterFollowUps(target.url)
  await meter(target.url, 'DELETE')
  const idle = await settledMeter(target.url)
  if (idle.objectCalls + idle.sqlRowsRead + idle.kvReads !== 0)
    throw new Error(`reading the meter is not free: ${JSON.stringify(idle)}`)
  await checkout(target, [sku], `${run}-measured`, 0, {}, 409)
  const counts = await afterFollowUps(target.url)
  return { counts, costPerMillionOrdersUsd: costPerMillionOrders(counts) }
}

/**
 * Makes the store one that ships (a German zone with one flat method, VAT included in prices)
 * and creates a discount code, and returns the checkout details that use them. From then on the
 * store requires an address at checkout, so this runs after the lean counts.
 */
export async function shippingStore(url: string): Promise<CheckoutExtra> {
  const code = `BENCH${Date.now().toString(36).toUpperCase()}`
  const calls: [string, unknown, string][] = [
    [
      '/v1/admin/shipping-zones',
      {
        zones: [
          {
            id: 'bench-de',
            name: 'Germany',
            countries: ['DE'],
            methods: [
              { id: 'bench-std', name: 'Standard', rate: { kind: 'flat', amountMinor: 490 } },
            ],
          },
        ],
      },
      'PUT',
    ],
    [
      '/v1/admin/tax-rates',
      {
        tax: {
          pricesIncludeTax: true,
          originCountry: 'DE',
          shipping: 'proportional',
          rates: [{ country: 'DE', standardPpm: 190_000, reducedPpm: 70_000 }],
        },
      },
      'PUT',
    ],
    [
      '/v1/admin/discounts',
      {
        id: code.toLowerCase(),
        code,
        value: { kind: 'percentage', basisPoints: 500 },
        target: { kind: 'order' },
        usageLimit: 1_000_000,
      },
      'POST',
    ],
  ]
  for (const [path, body, method] of calls) {
    const res = await adminCall(url, path, body, method)
    if (res.status >= 300)
      throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`)
  }
  return {
    contact: { email: 'bench@example.test' },
    shippingAddress: {
      name: 'Erika Mustermann',
      line1: 'Unter den Linden 1',
      city: 'Berlin',
      postalCode: '10117',
      country: 'DE',
    },
    shippingMethodId: 'bench-std',
    discountCodes: [code],
  }
}

/** Declares what the counts include, for the results' notes. */
export const CHECKOUT_NOTE =
  "Sequential: one request at a time over loopback, each checkout followed by one ceiling request (GET /v1/bench-no-such-route), after 20 unrecorded rounds. Operations: on a second, metered instance (OPS_METER=on) of the same bundles; a shopper who has checked out the same SKUs once already (their Shopper object, the SKUs' objects and the catalog cache exist), one POST /v1/orders counted from the Worker request to its follow-ups: the outbox send and the shopper object's alarm run within 12 s, then 1.5 s of quiet (its expiry alarm after RESERVATION_TTL_SECONDS, archive check after ARCHIVE_CHECK_SECONDS, the payment and the queue consumer's archiving not included). Sold out: the same, after the SKU's stock was set to none; the checkout answers 409."
