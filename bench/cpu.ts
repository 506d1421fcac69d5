/**
 * @module `npm run bench:cpu`: workerd's CPU time per checkout, the figure a change to the checkout's
 * own code moves. Throughput and latency in a sale swing with the machine's minute (the disk, the
 * other core); the CPU the process spends per order moves far less, so two builds can be compared
 * by it. Serves the production bundles, prepares BENCH_CPU_SHOPPERS shoppers (1,000) as the bench
 * does (a cart each; 500 per build when comparing builds), then reads workerd's user and system time from /proc around:
 * - the ceiling route, 4,000 requests 32 at a time (the pipeline every request pays);
 * - one checkout per shopper to wake every object (not counted), then BENCH_CPU_ROUNDS (3) warm
 *   rounds of one checkout per shopper, 32 at a time, on one SKU;
 * - a cold round: the same after 12 s idle, so workerd has evicted every object and each order
 *   also pays its shopper object's start.
 * The queue consumer's archiving runs in the same process and is counted with the round it
 * overlaps. `BENCH_CPU_BUNDLES=dir[,dir…]` serves bundles `buildBundles(dir)` left there (other
 * commits') instead of building this tree's. Given several, it serves them all at once and takes
 * their rounds in turn, so builds are compared in
 * the same minutes: on this machine one run's CPU per request drifts by a tenth or more from the
 * next. A diagnostic: not part of `npm run bench`, no target.
 */
import { buildBundles, bundlesIn } from './build'
import { adjustTo, fillCarts, inPool, placeOrder } from './scenarios/sale-client'
import { seed } from './seed'
import { type Served, serve } from './serve'
import { type CpuTime, cpuTime, startedWorkerd } from './workerd-cpu'

const dirs = process.env.BENCH_CPU_BUNDLES?.split(',').filter(Boolean) ?? []
/** Fewer per build when several take turns, so none sits idle long enough to be evicted. */
const SHOPPERS = Number(process.env.BENCH_CPU_SHOPPERS ?? (dirs.length > 1 ? 500 : 1_000))
const ROUNDS = Number(process.env.BENCH_CPU_ROUNDS ?? 3)
const CEILING_REQUESTS = 4_000
/** Orders each shopper places: the wake-up, the warm rounds and the cold one. */
const PER_SHOPPER = ROUNDS + 2
if (PER_SHOPPER > 5) throw new Error('a shopper may hold at most 5 unpaid orders: ROUNDS <= 3')

const started = Date.now()
const step = (what: string) =>
  console.log(`[bench:cpu ${((Date.now() - started) / 1000).toFixed(0)}s] ${what}`)
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** One measured stretch: what it did, and workerd's CPU per unit of it. */
interface Row {
  what: string
  units: number
  seconds: number
  userMs: number
  systemMs: number
}

async function measured(pid: number, what: string, work: () => Promise<number>): Promise<Row> {
  const before: CpuTime = cpuTime(pid)
  const t0 = Date.now()
  const units = await work()
  const seconds = (Date.now() - t0) / 1_000
  // Lets the answer's follow-up work (the outbox send, the consumer's batch) land in this row.
  await pause(500)
  const after = cpuTime(pid)
  if (units === 0) throw new Error(`${what}: nothing succeeded`)
  return {
    what,
    units,
    seconds,
    userMs: (after.userMs - before.userMs) / units,
    systemMs: (after.systemMs - before.systemMs) / units,
  }
}

/** One build, served and prepared. */
interface Build {
  label: string
  served: Served
  pid: number
  sale: (round: string) => () => Promise<number>
  rows: Row[]
}

async function prepare(label: string, dir: string | undefined): Promise<Build> {
  const bundles = dir ? bundlesIn(dir) : await buildBundles()
  const { pid, value: served } = await startedWorkerd(() => serve(bundles))
  step(`${label}: workerd pid ${pid}; seeding 2 products and ${SHOPPERS} shoppers, a cart each`)
  const shop = await seed(served.url, 2, SHOPPERS)
  await fillCarts(served.url, shop.tokens, shop.skus[1] ?? '')
  const sku = shop.skus[0] ?? ''
  await adjustTo(served.url, sku, SHOPPERS * PER_SHOPPER)
  const target = { url: served.url, tokens: shop.tokens }
  const run = `cpu-${Date.now()}`
  const sale = (round: string) => async () => {
    const statuses = await inPool(SHOPPERS, (i) =>
      placeOrder(target, sku, `${run}-${round}-${i}`, i),
    )
    const failed = statuses.filter((s) => s !== 201)
    if (failed.length > 0)
      throw new Error(`round ${round}: ${failed.length} not placed (${failed[0]})`)
    return statuses.length
  }
  return { label, served, pid, sale, rows: [] }
}

step(
  dirs.length > 0 ? `serving the bundles in ${dirs.join(', ')}` : 'building the production bundles',
)
const builds: Build[] = []
try {
  for (const dir of dirs.length > 0 ? dirs : [undefined])
    builds.push(await prepare(dir ?? 'this tree', dir))
  /**
   * Runs `phase` for every build, always in the same order, so each build's objects sit idle for
   * one round of each other build (well under the 10 s after which workerd evicts them).
   */
  const inTurn = async (phase: (b: Build) => Promise<void>) => {
    for (const b of builds) await phase(b)
  }
  step('ceiling')
  await inTurn(async (b) => {
    b.rows.push(
      await measured(b.pid, 'ceiling route, per request', async () => {
        const statuses = await inPool(CEILING_REQUESTS, async (i) => {
          const res = await fetch(`${b.served.url}/v1/bench-no-such-route?i=${i}`)
          await res.arrayBuffer()
          return res
        })
        return statuses.filter((s) => s === 404).length
      }),
    )
  })
  step('waking every object')
  await inTurn(async (b) => void (await b.sale('wake')()))
  await pause(2_000)
  for (let r = 1; r <= ROUNDS; r++) {
    step(`warm round ${r}`)
    await inTurn(async (b) => {
      b.rows.push(await measured(b.pid, `checkout, warm objects (round ${r})`, b.sale(`warm${r}`)))
    })
  }
  step('12 s idle (workerd evicts the objects), then the cold round')
  await pause(12_000)
  await inTurn(async (b) => {
    b.rows.push(await measured(b.pid, 'checkout, every shopper object starting', b.sale('cold')))
  })
  for (const b of builds) {
    console.log(
      `\n${b.label}\n\n| what | count | orders or requests/s | user ms each | system ms each | CPU ms each |\n|---|---:|---:|---:|---:|---:|`,
    )
    for (const r of b.rows)
      console.log(
        `| ${r.what} | ${r.units} | ${(r.units / r.seconds).toFixed(0)} | ${r.userMs.toFixed(2)} | ${r.systemMs.toFixed(2)} | ${(r.userMs + r.systemMs).toFixed(2)} |`,
      )
  }
} finally {
  for (const b of builds) await b.served.mf.dispose()
}
