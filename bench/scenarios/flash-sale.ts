/** @module Flash sale over the HTTP contract: concurrent checkouts, then the no-oversell checks. */
import type { DiskMeter } from '../disk'
import { load, round } from '../load'
import { adminCall } from '../seed'
import type { RequestLog } from '../serve'
import type { ScenarioResult } from './reads'
import {
  adjustTo,
  available,
  inPool,
  orderHeaders,
  placeOrder,
  ShopperTurns,
  settled,
} from './sale-client'

/** Where the sale runs: the edge bundle or the baseline, both speaking the same contract. */
export interface SaleTarget {
  url: string
  tokens: string[]
  /** Counts archived orders, when the target has an archive the bench can read. */
  archived?: () => Promise<number>
  /** How the shoppers behind `tokens` were prepared, for the results. */
  shoppers?: string
  /** The target's request log, when it has one: the checkouts' time inside the Worker. */
  requestLog?: RequestLog
  /** The device under the objects' files, read around the load (bench/disk.ts). */
  disk?: DiskMeter
}

/** Units put on each SKU before the throughput run: more than a run can sell, so 409s stay rare. */
export const THROUGHPUT_STOCK = 200_000
/** The sell-out check: this many units, three times as many concurrent orders. */
const SELL_OUT_STOCK = 100

/** Why the target cannot run a sale, or undefined when both routes are mounted. */
export async function saleUnavailable(target: SaleTarget, sku: string) {
  const order = await placeOrder(target, sku, `probe-${Date.now()}`)
  if (order.status === 404 && order.text.includes('No route'))
    return `POST /v1/orders answered 404 (${order.text.slice(0, 120)}): the order routes are not mounted in this bundle`
  const adjust = await adminCall(target.url, `/v1/admin/inventory/${sku}/adjust`, {
    delta: 1,
    reason: 'bench probe',
  })
  if (adjust.status === 404)
    return `POST /v1/admin/inventory/:sku/adjust answered 404: the inventory admin route is not mounted`
  if (adjust.status >= 300)
    return `stock adjust answered ${adjust.status}: ${JSON.stringify(adjust.body).slice(0, 200)}`
  return undefined
}

/**
 * Concurrent checkouts for `seconds` over `skus` (one SKU: a hot flash sale), then invariants.
 * With `shards`, every SKU of the sale (and its sell-out SKU) is first split over that many
 * shard objects (PUT /v1/admin/inventory/:sku/shards).
 */
export async function flashSale(
  target: SaleTarget,
  id: string,
  title: string,
  skus: string[],
  sellOutSku: string,
  seconds: number,
  shards = 0,
): Promise<ScenarioResult> {
  const why = await saleUnavailable(target, skus[0] ?? '')
  if (why) return { id, title, notAvailable: why }
  const before = new Map<string, number>()
  for (const sku of skus) {
    await adjustTo(target.url, sku, THROUGHPUT_STOCK)
    before.set(sku, await available(target.url, sku))
  }
  for (const sku of shards > 0 ? [...skus, sellOutSku] : []) {
    const res = await adminCall(target.url, `/v1/admin/inventory/${sku}/shards`, { shards }, 'PUT')
    if (res.status !== 200)
      return {
        id,
        title,
        notAvailable: `sharding answered ${res.status}: ${JSON.stringify(res.body)}`,
      }
  }
  const archivedBefore = (await target.archived?.()) ?? 0
  const run = `${id}-${Date.now()}`
  // One order per SKU first: wakes each SKU's objects and the catalog cache as a live sale would
  // find them. These orders count in the totals below, but not in the timed figures.
  const warm = await inPool(skus.length, (i) =>
    placeOrder(target, skus[i] ?? '', `${run}-warm-${i}`, i),
  )
  const warmCreated = warm.filter((status) => status === 201).length
  const warmLost = warm.filter((status) => status === 0).length
  const shopperOf = (i: number) => target.tokens[i % target.tokens.length] ?? ''
  const turns = new ShopperTurns(Array.from({ length: skus.length }, (_, i) => shopperOf(i)))
  let n = 0
  const stopWatching = target.requestLog?.watch('POST', '/v1/orders')
  const stopDisk = target.disk?.()
  const figures = await load(
    {
      url: `${target.url}/v1/orders`,
      duration: seconds,
      method: 'POST',
      requests: [
        {
          setupRequest: (req) => {
            const i = n++
            turns.request(shopperOf(i))
            return {
              ...req,
              headers: orderHeaders(target, i, `${run}-${i}`),
              body: JSON.stringify({ items: [{ sku: skus[i % skus.length], quantity: 1 }] }),
            }
          },
        },
      ],
    },
    [409],
  )
  const disk = stopDisk?.()
  const inWorker = stopWatching ? percentiles(stopWatching()) : undefined
  const created = (figures.statuses['201'] ?? 0) + warmCreated
  // Requests still in flight when the run stopped complete on the server unseen: wait for stock to
  // settle, then allow for them (the sell-out check below sees every answer, so it is exact).
  const inFlight = figures.sent - figures.total + warmLost
  const after = await settled(target.url, skus)
  const negative = after.filter((units) => units < 0).length
  const sold = skus.reduce((n, sku, i) => n + (before.get(sku) ?? 0) - (after[i] ?? 0), 0)
  const sellOut = await sellOutCheck(target, sellOutSku, `${run}-sellout`)
  const accounted = sold >= created && sold <= created + inFlight
  const invariants: Record<string, boolean | number | string> = {
    ...(target.shoppers
      ? { shoppers: target.shoppers, ...turns.summary(target.tokens.length) }
      : {}),
    // Refusals other than a shortfall: a shopper's limits (422) or the per-user checkout rate (429).
    'answered 422 (shopper limits)': figures.statuses['422'] ?? 0,
    'answered 429 (checkout rate)': figures.statuses['429'] ?? 0,
    // What the errors column counts, by kind, so a run that has any says which.
    ...(figures.errors > 0
      ? {
          'errors: other statuses':
            Object.entries(figures.statuses)
              .filter(([code]) => !['201', '409', '422', '429'].includes(code))
              .map(([code, n]) => `${code}×${n}`)
              .join(' ') || 'none',
          'errors: socket errors': figures.socketErrors,
          'errors: timeouts (20 s)': figures.timeouts,
        }
      : {}),
    'available ≥ 0 on every SKU': negative === 0,
    'units taken': sold,
    'requests unanswered at stop': inFlight,
    '201s ≤ units taken ≤ 201s + unanswered': accounted,
    ...sellOut,
  }
  invariants['no oversell'] =
    negative === 0 && accounted && sellOut['sell-out: no oversell'] === true
  if (target.archived) {
    // Every order that took a unit (seen or in flight) must reach the archive exactly once.
    const expected = sold + Number(sellOut['sell-out: units taken'])
    const archived = await waitArchived(target.archived, archivedBefore, expected)
    invariants['orders archived'] = archived
    invariants['every order archived exactly once'] = archived === expected
  }
  const successPerSecond = round((created - warmCreated) / figures.seconds)
  return {
    id,
    title,
    figures,
    successPerSecond,
    invariants,
    ...(inWorker ? { inWorker } : {}),
    ...(disk ? { disk } : {}),
  }
}

/** p50 and p99 (nearest rank) of durations in ms, or undefined when there are none. */
export function percentiles(durations: number[]) {
  if (durations.length === 0) return undefined
  const sorted = [...durations].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0
  return { requests: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99) }
}

/**
 * A fresh stock of SELL_OUT_STOCK and 3× as many orders, 32 at a time (autocannon's connection
 * count): exactly the stock may succeed. A connection error (status 0) may or may not have sold a
 * unit, so it widens the accepted range by one instead of being retried. The orders come from the
 * sale's first shoppers, so a shopper who already holds MAX_PENDING_ORDERS unpaid orders from the
 * sale is refused by their own limit (422 `purchase_limit`) or rate (429 `rate_limited`) before
 * any stock is asked for: those refusals hold nothing and are counted apart; any other answer
 * fails the check and is listed.
 */
async function sellOutCheck(target: SaleTarget, sku: string, run: string) {
  await adjustTo(target.url, sku, SELL_OUT_STOCK)
  const answers: Answer[] = []
  await inPool(SELL_OUT_STOCK * 3, async (i) => {
    const res = await placeOrder(target, sku, `${run}-${i}`, i)
    answers.push({ status: res.status, code: errorCode(res.text) })
    return res
  })
  const count = (test: (a: Answer) => boolean) => answers.filter(test).length
  const ok = count((a) => a.status === 201)
  const refused = count((a) => a.status === 409)
  const lost = count((a) => a.status === 0)
  const ownLimits = count(isOwnLimit)
  const others = answers.length - ok - refused - lost - ownLimits
  const [left = 0] = await settled(target.url, [sku])
  const taken = SELL_OUT_STOCK - left
  return {
    'sell-out: 201s': ok,
    'sell-out: units taken': taken,
    'sell-out: connection errors': lost,
    "sell-out: refused by the shopper's own limits (422, 429)": ownLimits,
    // Units taken never exceed the stock, and match the 201s (up to the unanswered requests).
    'sell-out: no oversell':
      ok <= SELL_OUT_STOCK && taken <= SELL_OUT_STOCK && taken >= ok && taken <= ok + lost,
    'sell-out: all others 409': others === 0,
    ...(others > 0 ? { 'sell-out: other answers': tally(answers) } : {}),
  }
}

/** The error envelope's code, or undefined for a body that is not one. */
function errorCode(text: string): string | undefined {
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code
    return typeof code === 'string' ? code : undefined
  } catch {
    return undefined
  }
}

type Answer = { status: number; code?: string }

/** A refusal by the shopper's own limits: no stock was asked for. */
function isOwnLimit(a: Answer): boolean {
  return (
    (a.status === 422 && a.code === 'purchase_limit') ||
    (a.status === 429 && a.code === 'rate_limited')
  )
}

/** "status code×n" for every answer that is not 201, 409, a connection error or the shopper's limits. */
function tally(answers: Answer[]): string {
  const byKind = new Map<string, number>()
  for (const a of answers) {
    if ([201, 409, 0].includes(a.status) || isOwnLimit(a)) continue
    const kind = `${a.status} ${a.code ?? '(no envelope)'}`
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1)
  }
  return [...byKind].map(([kind, n]) => `${kind}×${n}`).join(', ')
}

/** Archived orders since `before`, once they reach `expected` or stop growing for 60 s. */
export async function waitArchived(count: () => Promise<number>, before: number, expected: number) {
  let last = -1
  let changedAt = Date.now()
  for (;;) {
    const now = (await count()) - before
    if (now >= expected || Date.now() - changedAt > 60_000) return now
    if (now !== last) changedAt = Date.now()
    last = now
    await new Promise((r) => setTimeout(r, 500))
  }
}
