/**
 * @module `npm run bench:cpu`: workerd's CPU time per checkout, the figure a change to the checkout's
 * own code moves. Throughput and latency in a sale swing with the machine's minute (the disk, the
 * other core); the CPU the process spends per order moves far less, so two builds can be compared
 * by it. Serves the production bundles and, in its own workerd, the bench's floor (the checkout
 * design with nothing of the shop, bench/floor; BENCH_CPU_FLOOR=0 leaves it out), prepares
 * BENCH_CPU_SHOPPERS shoppers for each (1,000 when the shop is served alone, else 300 each) as the
 * bench does (a cart each), then reads each workerd's user and system time from /proc around:
 * - the ceiling route, 4,000 requests 32 at a time (the pipeline every request pays); for the
 *   floor, a request its Worker answers 404 at once (the runtime's own cost of a request);
 * - one checkout per shopper to wake every object (not counted), then BENCH_CPU_ROUNDS (3) warm
 *   rounds of one checkout per shopper, 32 at a time, on one SKU;
 * - a cold round: the same after 12 s idle, so workerd has evicted every object and each order
 *   also pays its shopper object's start.
 * Each row ends once its workerd has been idle for 300 ms (at most 4 s), so the queue consumer's
 * archiving of the round's orders is counted with it and the next build's round starts on a quiet
 * machine. `BENCH_CPU_BUNDLES=dir[,dir…]` serves bundles `buildBundles(dir)` left there (other
 * commits') instead of building this tree's. The builds take their rounds in turn, always in the
 * same order, so they are compared in the same minutes: on this machine one run's CPU per request
 * drifts by a tenth or more from the next. A diagnostic: not part of `npm run bench`, no target.
 */
import { buildBundles, buildFloorBundle, bundlesIn } from './build'
import { startCpuWindow } from './machine-cpu'
import {
  fillFloorCarts,
  floorShoppers,
  floorStock,
  placeFloorOrder,
  serveFloor,
} from './scenarios/floor'
import { adjustTo, fillCarts, inPool, placeOrder } from './scenarios/sale-client'
import { seed } from './seed'
import { serve } from './serve'
import { type CpuTime, cpuMs, cpuTime, startedWorkerd } from './workerd-cpu'

const dirs = process.env.BENCH_CPU_BUNDLES?.split(',').filter(Boolean) ?? []
/** The floor's rounds beside the shop's, unless BENCH_CPU_FLOOR=0. */
const WITH_FLOOR = process.env.BENCH_CPU_FLOOR !== '0'
const BUILDS = Math.max(1, dirs.length) + (WITH_FLOOR ? 1 : 0)
/**
 * Fewer per build when several take turns: a shopper's next order comes after one round of every
 * build, which must stay well under the 10 s after which workerd evicts an idle object.
 */
const SHOPPERS = Number(process.env.BENCH_CPU_SHOPPERS ?? (BUILDS > 1 ? 300 : 1_000))
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
  /** Share of all cores' time the hypervisor took from this machine meanwhile (/proc/stat). */
  steal: number | undefined
}

async function measured(pid: number, what: string, work: () => Promise<number>): Promise<Row> {
  const before: CpuTime = cpuTime(pid)
  const endMachine = startCpuWindow()
  const t0 = Date.now()
  const units = await work()
  const seconds = (Date.now() - t0) / 1_000
  // The answers' follow-up work (the outbox send, the consumer's batch) lands in this row, and the
  // next build's round starts on a quiet machine.
  await idle(pid)
  const after = cpuTime(pid)
  const machine = endMachine()
  if (units === 0) throw new Error(`${what}: nothing succeeded`)
  return {
    what,
    units,
    seconds,
    userMs: (after.userMs - before.userMs) / units,
    systemMs: (after.systemMs - before.systemMs) / units,
    steal: machine?.steal,
  }
}

/**
 * Waits until `pid` has used no CPU for 300 ms (its clock ticks are 10 ms), at least 500 ms and at
 * most 4 s: well under the 10 s after which workerd evicts an idle object.
 */
async function idle(pid: number): Promise<void> {
  await pause(500)
  for (let waited = 500, last = cpuMs(pid); waited < 4_000; waited += 300) {
    await pause(300)
    const now = cpuMs(pid)
    if (now === last) return
    last = now
  }
}

/** One build, served and prepared. */
interface Build {
  label: string
  pid: number
  /** What its ceiling row measures, and one such request (answered 404). */
  ceiling: { what: string; request: (i: number) => Promise<{ status: number }> }
  sale: (round: string) => () => Promise<number>
  dispose: () => Promise<void>
  rows: Row[]
}

/** A round of one checkout per shopper (`order(i, key)`), every one of which must succeed. */
function roundOf(
  shoppers: number,
  run: string,
  order: (i: number, key: string) => Promise<{ status: number }>,
) {
  return (round: string) => async () => {
    const statuses = await inPool(shoppers, (i) => order(i, `${run}-${round}-${i}`))
    const failed = statuses.filter((s) => s !== 201)
    if (failed.length > 0)
      throw new Error(`round ${round}: ${failed.length} not placed (${failed[0]})`)
    return statuses.length
  }
}

/** A GET, its body read. */
async function get(url: string) {
  const res = await fetch(url)
  await res.arrayBuffer()
  return { status: res.status }
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
  return {
    label,
    pid,
    ceiling: {
      what: 'ceiling route, per request',
      request: (i) => get(`${served.url}/v1/bench-no-such-route?i=${i}`),
    },
    sale: roundOf(SHOPPERS, `cpu-${Date.now()}`, (i, key) => placeOrder(target, sku, key, i)),
    dispose: () => served.mf.dispose(),
    rows: [],
  }
}

/**
 * The floor (bench/floor/worker.ts, served by its own workerd): the checkout design with nothing of
 * the shop, its shoppers prepared the same way. Its "ceiling" is a request its Worker answers 404
 * at once, with no pipeline: the runtime's own cost of a request.
 */
async function prepareFloor(): Promise<Build> {
  const bundle = await buildFloorBundle()
  const { pid, value: floor } = await startedWorkerd(() => serveFloor(bundle))
  step(`the floor: workerd pid ${pid}; ${SHOPPERS} shoppers, a cart each`)
  const shoppers = floorShoppers('cpu-floor', SHOPPERS)
  await fillFloorCarts(floor, shoppers, 'FLOOR-CART')
  const sku = 'FLOOR-CPU'
  await floorStock(floor, sku, SHOPPERS * PER_SHOPPER)
  return {
    label: 'the floor (the design, nothing of the shop)',
    pid,
    ceiling: {
      what: 'a request its Worker answers 404, per request',
      request: (i) => get(`${floor.url}/nothing?i=${i}`),
    },
    sale: roundOf(SHOPPERS, `cpu-floor-${Date.now()}`, (i, key) =>
      placeFloorOrder(floor, shoppers[i] ?? '', key, sku),
    ),
    dispose: () => floor.mf.dispose(),
    rows: [],
  }
}

step(
  dirs.length > 0 ? `serving the bundles in ${dirs.join(', ')}` : 'building the production bundles',
)
const builds: Build[] = []
try {
  for (const dir of dirs.length > 0 ? dirs : [undefined])
    builds.push(await prepare(dir ?? 'this tree', dir))
  if (WITH_FLOOR) builds.push(await prepareFloor())
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
      await measured(b.pid, b.ceiling.what, async () => {
        const statuses = await inPool(CEILING_REQUESTS, b.ceiling.request)
        return statuses.filter((s) => s === 404).length
      }),
    )
  })
  step('waking every object')
  await inTurn(async (b) => {
    await b.sale('wake')()
    await idle(b.pid)
  })
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
      `\n${b.label}\n\n| what | count | orders or requests/s | user ms each | system ms each | CPU ms each | steal |\n|---|---:|---:|---:|---:|---:|---:|`,
    )
    for (const r of b.rows)
      console.log(
        `| ${r.what} | ${r.units} | ${(r.units / r.seconds).toFixed(0)} | ${r.userMs.toFixed(2)} | ${r.systemMs.toFixed(2)} | ${(r.userMs + r.systemMs).toFixed(2)} | ${r.steal === undefined ? '—' : `${(r.steal * 100).toFixed(1)}%`} |`,
      )
  }
} finally {
  for (const b of builds) await b.dispose()
}
