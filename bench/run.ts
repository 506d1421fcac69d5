/** @module `npm run bench`: bundles, serves, loads, baselines and writes bench/results/. */
import { readFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { Client } from '@planetscale/database'
import { startBaseline } from './baseline/start'
import { buildBundles, buildFloorBundle } from './build'
import { diskMeter } from './disk'
import { meterWorkerd } from './load'
import { writeResults } from './report/write'
import { archiveThroughput } from './scenarios/archive'
import {
  type CheckoutResults,
  operationsPerOrder,
  operationsPerRefusal,
  sequentialLatency,
  shippingStore,
} from './scenarios/checkout'
import { counterWrites } from './scenarios/counter-writes'
import { flashSale, type SaleTarget } from './scenarios/flash-sale'
import { fillFloorCarts, floorSale, floorShoppers, serveFloor } from './scenarios/floor'
import { ceiling, hotRead, type ScenarioResult, search } from './scenarios/reads'
import { fillCarts } from './scenarios/sale-client'
import { seed } from './seed'
import { compatibilityDate, readConfig, runtime, serve, supportedCompatibilityDate } from './serve'
import { storageFacts } from './storage'
import { startedWorkerd } from './workerd-cpu'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const PRODUCTS = 200
/**
 * Shoppers of each sale, a drop's crowd: each places a few orders in a run, under the per-user
 * checkout rate limit and the shopper limits (at most 5 unpaid orders), like a real drop.
 */
const SALE_SHOPPERS = Number(process.env.BENCH_SALE_SHOPPERS ?? 1_000)
/** Shoppers of the sequential checkouts: one or two orders each. */
const SEQUENTIAL_SHOPPERS = 200
/** Shard objects of the sharded hot SKU (scenario f). */
const SHARDS = 4
/** Sequential checkouts (and as many ceiling requests) for the checkout latency figures. */
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 300)
/**
 * Opt-in, not the default run: a PlanetScale connection URL (the dev bridge of `npm run services`
 * over MariaDB, say) that both Workers of the shop use instead of the local D1, so the sales'
 * archive is written by the database's own process, as in production, not on workerd's thread.
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL || undefined
const started = Date.now()
/** Where the objects' files are, and the device under them, read once for the whole run. */
const storage = storageFacts()
const disk = diskMeter(storage.source)
const step = (what: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${what}`)

step('building the production bundles (wrangler deploy --dry-run)')
const bundles = await buildBundles()
const floorBundle = await buildFloorBundle()
step('serving them through Miniflare (D1, KV, Durable Objects on SQLite, queues, rate limits)')
// Its process is metered in every timed load: workerd's CPU per request or order (workerd-cpu.ts).
const served = await startedWorkerd(() => serve(bundles, DATABASE_URL ? { DATABASE_URL } : {}))
const edge = served.value
meterWorkerd(served.pid)
const scenarios: ScenarioResult[] = []
let sequential: Awaited<ReturnType<typeof sequentialLatency>> | undefined
try {
  const shoppers = SEQUENTIAL_SHOPPERS + 3 * SALE_SHOPPERS
  step(`seeding ${PRODUCTS} products and ${shoppers} shoppers through the API`)
  const shop = await seed(edge.url, PRODUCTS, shoppers)
  // Before the sale, every shopper browsed and put a product in the cart: their object exists.
  step(`${shoppers} shoppers fill a cart before the sales open`)
  await fillCarts(edge.url, shop.tokens, shop.skus.at(-1) ?? '')
  // workerd evicts an idle object 10 s after its last request, and evicting the last carts'
  // objects (closing their databases) took 6–9% of a core for those 10 s, then nothing
  // (measured from /proc with no load): the ceiling is measured after that, not beside it.
  step('12 s for workerd to evict the objects of the last carts before the ceiling')
  await new Promise((r) => setTimeout(r, 12_000))
  const db = await edge.mf.getD1Database('DB', 'edge-commerce-api')
  const planetscale = DATABASE_URL ? new Client({ url: DATABASE_URL }) : undefined
  const countArchived = async () =>
    Number(
      planetscale
        ? (await planetscale.execute<{ n: string }>('SELECT COUNT(*) AS n FROM orders')).rows[0]?.n
        : await db.prepare('SELECT COUNT(*) AS n FROM orders').first('n'),
    )
  const crowd = (from: number, count: number): SaleTarget => ({
    url: edge.url,
    tokens: shop.tokens.slice(from, from + count),
    archived: countArchived,
    requestLog: edge.requestLog,
    disk,
    shoppers: `${count} registered shoppers of their own, each with one cart line put before the sale (their shopper objects exist), orders spread round-robin, per-user checkout rate limit (10/min) in force`,
  })
  const target = crowd(0, SEQUENTIAL_SHOPPERS)
  const sale = (n: number) => crowd(SEQUENTIAL_SHOPPERS + n * SALE_SHOPPERS, SALE_SHOPPERS)
  step('ceiling')
  scenarios.push(await ceiling(edge.url, SECONDS))
  const meter = await counterWrites(edge.mf)
  const flushSeconds = Number(readConfig('wrangler.toml').vars.COUNT_FLUSH_SECONDS ?? 5)
  step('hot product read')
  scenarios.push(await hotRead(edge.url, SECONDS, shop.productIds[0] ?? '', meter, flushSeconds))
  step('search')
  scenarios.push(await search(edge.url, SECONDS, meter, flushSeconds))
  step('flash sale, one SKU')
  const [hot = '', sellOut1 = '', sellOut100 = ''] = shop.skus
  scenarios.push(
    await flashSale(sale(0), 'sale-1', 'Flash sale: one SKU', [hot], sellOut1, SECONDS),
  )
  step('flash sale, 100 SKUs')
  const spread = shop.skus.slice(3, 103)
  scenarios.push(
    await flashSale(sale(1), 'sale-100', 'Flash sale: 100 SKUs', spread, sellOut100, SECONDS),
  )
  step(`flash sale, one SKU sharded over ${SHARDS} objects`)
  const [shardedHot = '', shardedSellOut = ''] = shop.skus.slice(103, 105)
  scenarios.push(
    await flashSale(
      sale(2),
      'sale-sharded',
      `Flash sale: one SKU, stock sharded over ${SHARDS} objects`,
      [shardedHot],
      shardedSellOut,
      SECONDS,
      SHARDS,
    ),
  )
  // After the sales: each sale counts the archive from its start, and the sequential orders'
  // archive tail would otherwise land inside the next sale's count.
  step(`checkout one at a time: ${SEQUENTIAL} checkouts beside ${SEQUENTIAL} ceiling requests`)
  sequential = await sequentialLatency(target, shop.skus[105] ?? '', SEQUENTIAL)
} finally {
  meterWorkerd(undefined)
  await edge.mf.dispose()
}

// The floor: the checkout design's bare mechanics on the same workerd and storage, its shoppers
// prepared and its sales run as the shop's (bench/scenarios/floor.ts). Reference, not a goal.
step('the floor: the checkout design with nothing of the shop, the same two sales')
const floorServed = await startedWorkerd(() => serveFloor(floorBundle))
const floor = floorServed.value
try {
  const one = floorShoppers('floor-1', SALE_SHOPPERS)
  const spread = floorShoppers('floor-100', SALE_SHOPPERS)
  await fillFloorCarts(floor, [...one, ...spread], 'FLOOR-CART')
  step("12 s for workerd to evict the floor shoppers' objects")
  await new Promise((r) => setTimeout(r, 12_000))
  meterWorkerd(floorServed.pid)
  const title = 'Floor (the design, nothing of the shop)'
  scenarios.push(
    await floorSale(floor, 'floor-1', `${title}: one SKU`, one, ['FLOOR-1'], SECONDS, disk),
  )
  const skus = Array.from({ length: 100 }, (_, i) => `FLOOR-100-${i}`)
  scenarios.push(
    await floorSale(floor, 'floor-100', `${title}: 100 SKUs`, spread, skus, SECONDS, disk),
  )
} finally {
  meterWorkerd(undefined)
  await floor.mf.dispose()
}

step('baseline: node:http + mysql2, SELECT … FOR UPDATE, same flash sale')
const baseline = await startBaseline()
let base: ScenarioResult
try {
  const target = { url: baseline.url, tokens: ['unused'], archived: baseline.ordersArchived }
  const title = 'Baseline flash sale: one SKU (node:http + MySQL)'
  base = await flashSale(target, 'baseline', title, ['BASE-1'], 'BASE-SELLOUT', SECONDS)
} finally {
  await baseline.close()
}

step('archive throughput into MySQL through the PlanetScale bridge')
scenarios.push(await archiveThroughput(bundles))

step('operations per checkout, on a metered instance (OPS_METER=on)')
const metered = await serve(bundles, { OPS_METER: 'on' })
let perOrder: CheckoutResults['perOrder'] | undefined
let cost: CheckoutResults['costPerMillionOrdersUsd'] | undefined
try {
  const shop = await seed(metered.url, 6, 3)
  const target = { url: metered.url, tokens: shop.tokens }
  const [a = '', b = '', c = '', d = '', e = '', f = ''] = shop.skus
  const single = await operationsPerOrder(target, [a])
  const three = await operationsPerOrder(target, [b, c, d])
  // Other shoppers from here: the first holds the earlier counts' unpaid orders (at most 5 at once).
  const soldOut = await operationsPerRefusal({ url: metered.url, tokens: shop.tokens.slice(2) }, f)
  // Last: once the store ships, every checkout needs an address.
  const shipped = await operationsPerOrder(
    { url: metered.url, tokens: shop.tokens.slice(1) },
    [e],
    await shippingStore(metered.url),
  )
  perOrder = {
    single: single.counts,
    threeSkus: three.counts,
    shipped: shipped.counts,
    soldOut: soldOut.counts,
  }
  cost = {
    single: single.costPerMillionOrdersUsd,
    threeSkus: three.costPerMillionOrdersUsd,
    shipped: shipped.costPerMillionOrdersUsd,
    soldOut: soldOut.costPerMillionOrdersUsd,
  }
} finally {
  await metered.mf.dispose()
}

const configured = readConfig('wrangler.toml').compatibility_date
const wallSeconds = Math.round((Date.now() - started) / 1000)
const dir = await writeResults({
  command: 'npm run bench',
  finishedAt: new Date().toISOString(),
  wallSeconds,
  secondsPerScenario: SECONDS,
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', node: process.version },
  runtime,
  storage,
  database: DATABASE_URL
    ? `PlanetScale at ${new URL(DATABASE_URL).host} (BENCH_DATABASE_URL), not the local D1`
    : undefined,
  compatibilityDate: {
    configured,
    served: compatibilityDate(configured),
    newestInThisWorkerd: supportedCompatibilityDate,
  },
  scenarios,
  baseline: base,
  checkout:
    sequential && perOrder && cost
      ? { sequential, perOrder, costPerMillionOrdersUsd: cost }
      : undefined,
})
step(`done in ${wallSeconds} s; results in ${dir}`)
// The table, the goals and the notes, as committed in results.md.
console.log(`\n${await readFile(`${dir}/results.md`, 'utf8')}`)
