/**
 * @module `npm run bench:loop-gaps`: why a saturated local sale's client-side p99 is seconds while
 * the Worker's own is a tenth of that. workerd runs every Worker, object, D1 and queue here on one
 * thread whose event loop (KJ) checks its sockets (`epoll_pwait`) only when it has no queued work
 * left. This serves the production bundles, prepares shoppers as the bench does, and runs the
 * bench's ceiling load and its one-SKU sale while `perf` records each `epoll_pwait` of workerd's
 * main thread; it prints, per scenario, the longest stretches from one poll's return to the next
 * call beside the client's and the Worker's p99. Needs `perf` with syscall tracepoints (Debian's linux-perf, run as
 * root); a diagnostic, not part of `npm run bench`, and not a target of any issue.
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildBundles } from './build'
import { summarize, traceEpoll } from './epoll-trace'
import { load } from './load'
import { flashSale } from './scenarios/flash-sale'
import { fillCarts } from './scenarios/sale-client'
import { seed } from './seed'
import { serve } from './serve'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const SHOPPERS = Number(process.env.BENCH_SALE_SHOPPERS ?? 1_000)

try {
  execFileSync('perf', ['--version'], { stdio: 'ignore' })
} catch {
  console.error('bench:loop-gaps needs perf (Debian: apt-get install linux-perf)')
  process.exit(2)
}
const bundles = await buildBundles()
const served = await serve(bundles)
const dir = await mkdtemp(join(tmpdir(), 'loop-gaps-'))
try {
  const workerd = execFileSync('pgrep', ['-P', String(process.pid), '-x', 'workerd'], {
    encoding: 'utf8',
  })
  const tid = Number(workerd.trim().split('\n')[0])
  if (!tid) throw new Error('no workerd child of this process')
  console.log(`workerd pid ${tid}; seeding 3 products and ${SHOPPERS} shoppers`)
  const shop = await seed(served.url, 3, SHOPPERS)
  await fillCarts(served.url, shop.tokens, shop.skus[2] ?? '')
  const rows: Record<string, unknown>[] = []

  const ceilingTrace = traceEpoll(tid, join(dir, 'ceiling.data'))
  const ceiling = await load(
    { url: `${served.url}/v1/bench-no-such-route`, duration: SECONDS },
    [404],
  )
  rows.push({
    scenario: 'ceiling (GET, 32 connections)',
    clientP50Ms: ceiling.p50Ms,
    clientP99Ms: ceiling.p99Ms,
    ...summarize(await ceilingTrace.stop()),
  })

  const target = { url: served.url, tokens: shop.tokens, requestLog: served.requestLog }
  const saleTrace = traceEpoll(tid, join(dir, 'sale.data'))
  const sale = await flashSale(
    target,
    'sale-1',
    'one SKU',
    [shop.skus[0] ?? ''],
    shop.skus[1] ?? '',
    SECONDS,
  )
  rows.push({
    scenario: 'one-SKU sale (POST /v1/orders, 32 connections)',
    clientP50Ms: sale.figures?.p50Ms,
    clientP99Ms: sale.figures?.p99Ms,
    workerP99Ms: sale.inWorker?.p99Ms,
    ...summarize(await saleTrace.stop()),
  })
  console.log(JSON.stringify(rows, null, 2))
} finally {
  await served.mf.dispose()
  await rm(dir, { recursive: true, force: true })
}
