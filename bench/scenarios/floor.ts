/**
 * @module The floor (bench/floor/worker.ts): the checkout design's bare mechanics, served by the same
 * workerd binary on the same storage right after the sales, its shoppers prepared as theirs and its
 * sales run as theirs. A sale's orders/s over the floor's is how much of what the design allows on
 * this machine, in these minutes, the shop's checkout reaches; the floor over the ceiling is what
 * the design itself allows against the ceiling. Reference figures, not goals.
 */
import { Miniflare } from 'miniflare'
import type { DiskMeter } from '../disk'
import { load, round } from '../load'
import { readConfig, workerOptions } from '../serve'
import { THROUGHPUT_STOCK, waitArchived } from './flash-sale'
import type { ScenarioResult } from './reads'
import { inPool, ShopperTurns } from './sale-client'

/** A served floor: its loopback URL and its archive's count. */
export interface Floor {
  mf: Miniflare
  url: string
  archived: () => Promise<number>
}

const CONFIG = 'bench/floor/wrangler.toml'

/** Serves the built floor on 127.0.0.1 (a free port) and creates its archive table. */
export async function serveFloor(bundle: string): Promise<Floor> {
  const config = readConfig(CONFIG)
  const mf = new Miniflare({ host: '127.0.0.1', port: 0, workers: [workerOptions(config, bundle)] })
  const url = (await mf.ready).toString().replace(/\/$/, '')
  const db = await mf.getD1Database('FLOOR_DB', config.name ?? '')
  await db
    .prepare('CREATE TABLE IF NOT EXISTS floor_orders (id TEXT PRIMARY KEY, body TEXT NOT NULL)')
    .run()
  const archived = async () =>
    Number(await db.prepare('SELECT COUNT(*) AS n FROM floor_orders').first('n'))
  return { mf, url, archived }
}

/** Shopper ids of one floor sale's crowd. */
export function floorShoppers(sale: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${sale}-shopper-${i}`)
}

/**
 * As the sales' shoppers are prepared (sale-client.ts fillCarts): each puts `sku` in the cart, so
 * its object exists before the sale; workerd then evicts it, and the sale finds it on disk.
 */
export async function fillFloorCarts(floor: Floor, shoppers: readonly string[], sku: string) {
  let next = 0
  const worker = async () => {
    for (let i = next++; i < shoppers.length; i = next++) {
      const res = await fetch(`${floor.url}/floor/cart/${encodeURIComponent(sku)}`, {
        method: 'PUT',
        headers: { 'x-shopper': shoppers[i] ?? '' },
      })
      if (res.status !== 200) throw new Error(`floor cart answered ${res.status}`)
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
}

/** The SKU's available units, after setting them to `units` when given. */
export async function floorStock(floor: Floor, sku: string, units?: number): Promise<number> {
  const res = await fetch(`${floor.url}/floor/stock/${encodeURIComponent(sku)}`, {
    method: units === undefined ? 'GET' : 'PUT',
    ...(units === undefined ? {} : { body: String(units) }),
  })
  if (!res.ok) throw new Error(`floor stock of ${sku} answered ${res.status}`)
  return ((await res.json()) as { available: number }).available
}

function orderRequest(shopper: string, key: string, sku: string) {
  return {
    headers: { 'content-type': 'application/json', 'idempotency-key': key, 'x-shopper': shopper },
    body: JSON.stringify({ sku, quantity: 1 }),
  }
}

/** One floor checkout of one unit; a connection error is status 0. */
export async function placeFloorOrder(floor: Floor, shopper: string, key: string, sku: string) {
  try {
    const res = await fetch(`${floor.url}/floor/orders`, {
      method: 'POST',
      ...orderRequest(shopper, key, sku),
    })
    await res.arrayBuffer()
    return { status: res.status }
  } catch {
    return { status: 0 }
  }
}

/**
 * A sale on the floor as `flashSale` runs one on the shop: stock out of reach, one order per SKU
 * first, then 32 connections for `seconds`, orders round-robin over `shoppers` and `skus`. Then
 * the same accounting: units taken match the 201s (up to the requests unanswered at the stop), and
 * every order that took a unit is archived once.
 */
export async function floorSale(
  floor: Floor,
  id: string,
  title: string,
  shoppers: readonly string[],
  skus: readonly string[],
  seconds: number,
  disk?: DiskMeter,
): Promise<ScenarioResult> {
  const before = new Map<string, number>()
  for (const sku of skus) before.set(sku, await floorStock(floor, sku, THROUGHPUT_STOCK))
  const archivedBefore = await floor.archived()
  const run = `${id}-${Date.now()}`
  const order = (shopper: string, key: string, sku: string) =>
    placeFloorOrder(floor, shopper, key, sku)
  const warm = await inPool(skus.length, (i) =>
    order(shoppers[i % shoppers.length] ?? '', `${run}-warm-${i}`, skus[i] ?? ''),
  )
  const warmCreated = warm.filter((s) => s === 201).length
  const warmLost = warm.filter((s) => s === 0).length
  const turns = new ShopperTurns(skus.map((_, i) => shoppers[i % shoppers.length] ?? ''))
  let n = 0
  const stopDisk = disk?.()
  const figures = await load(
    {
      url: `${floor.url}/floor/orders`,
      duration: seconds,
      method: 'POST',
      requests: [
        {
          setupRequest: (req) => {
            const i = n++
            const shopper = shoppers[i % shoppers.length] ?? ''
            turns.request(shopper)
            return { ...req, ...orderRequest(shopper, `${run}-${i}`, skus[i % skus.length] ?? '') }
          },
        },
      ],
    },
    [409],
  )
  const diskWindow = stopDisk?.()
  const created = (figures.statuses['201'] ?? 0) + warmCreated
  const inFlight = figures.sent - figures.total + warmLost
  // Requests in flight at the stop still complete: read the stock once it stops moving.
  let after: number[] = []
  for (let previous = ''; ; ) {
    after = []
    for (const sku of skus) after.push(await floorStock(floor, sku))
    if (JSON.stringify(after) === previous) break
    previous = JSON.stringify(after)
    await new Promise((r) => setTimeout(r, 1_000))
  }
  const sold = skus.reduce((total, sku, i) => total + (before.get(sku) ?? 0) - (after[i] ?? 0), 0)
  const archived = await waitArchived(floor.archived, archivedBefore, sold)
  const negative = after.filter((units) => units < 0).length
  return {
    id,
    title,
    figures,
    successPerSecond: round((created - warmCreated) / figures.seconds),
    invariants: {
      shoppers: `${shoppers.length} shoppers of their own, each with one cart line put before the sale (their objects exist, then evicted), orders spread round-robin`,
      ...turns.summary(shoppers.length),
      'available ≥ 0 on every SKU': negative === 0,
      'units taken': sold,
      'requests unanswered at stop': inFlight,
      '201s ≤ units taken ≤ 201s + unanswered': sold >= created && sold <= created + inFlight,
      'orders archived': archived,
      'every order archived exactly once': archived === sold,
    },
    ...(diskWindow ? { disk: diskWindow } : {}),
  }
}
