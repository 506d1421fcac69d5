/**
 * @module `npm run bench:native`: where workerd's whole process spends a sale's CPU, native code
 * and kernel included, which the V8 profiles of `bench:profile` cannot see (they show it as
 * "(program)" or inside `exec`). Serves the production bundles, prepares shoppers as the bench
 * does (a cart each, then 12 s for workerd to evict their objects), and records workerd with
 * `perf record -g` during the ceiling, a one-SKU sale and a 100-SKU sale; prints, per scenario,
 * workerd's CPU time per request or order (from /proc) and the share of its samples whose stack
 * holds each of a few frames. Needs `perf` (Debian's linux-perf, run as root); a diagnostic, not
 * part of `npm run bench`, and not a target of any issue. Rows may overlap (the indented ones are
 * parts of the row above; the kernel row holds parts of several).
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildBundles } from './build'
import { load } from './load'
import { adjustTo, fillCarts, inPool, orderHeaders, placeOrder } from './scenarios/sale-client'
import { seed } from './seed'
import { serve } from './serve'
import { cpuMs, startedWorkerd } from './workerd-cpu'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8)
const SHOPPERS = Number(process.env.BENCH_SALE_SHOPPERS ?? 1_000)
/** Sampled for this long from 2 s into each load (perf's own cost slows the run a little). */
const RECORD_SECONDS = Math.max(1, SECONDS - 3)

/**
 * An object starting, as each workerd names it: `ActorContainer::start` up to 1.20260730; from the
 * Rust server of 1.20261102 on, `worker_new_actor` (both open the object's SQLite database there).
 */
const START = ['ActorContainer::start', 'worker_new_actor']

/**
 * Each row: a label, the frames (substrings of symbols) one of which a sample's stack must hold,
 * and whether samples inside an object's start are left out (statements and calls made there
 * are the start's, counted in its own row).
 */
const ROWS: { label: string; frames: string[]; outsideStart?: boolean }[] = [
  { label: 'an object starting (workerd opens its SQLite database)', frames: START },
  { label: '  kernel: creating a file (ext4 inode allocation)', frames: ['ext4_new_inode'] },
  { label: '    of which skipping recently deleted inodes', frames: ['recently_deleted'] },
  { label: 'SQLite: preparing statements', frames: ['sqlite3Prepare'], outsideStart: true },
  { label: 'SQLite: running statements', frames: ['sqlite3_step'], outsideStart: true },
  { label: 'fsync', frames: ['fsync', 'fdatasync'] },
  { label: 'alarm writes (setAlarm)', frames: ['setAlarm'] },
  {
    label: 'object calls (JS RPC, caller side)',
    frames: ['JsRpcProperty::call'],
    outsideStart: true,
  },
  { label: 'garbage collection', frames: ['Heap::CollectGarbage', 'Scavenger'] },
  { label: 'JSON (stringify, parse)', frames: ['JsonStringifier', 'JsonParser'] },
  { label: 'kernel, any', frames: ['[kernel.kallsyms]'] },
]

try {
  execFileSync('perf', ['--version'], { stdio: 'ignore' })
} catch {
  console.error('bench:native needs perf (Debian: apt-get install linux-perf)')
  process.exit(2)
}

/** Records `pid` for RECORD_SECONDS from 2 s on; resolves to the samples' stacks. */
function record(pid: number, file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      const perf = spawn(
        'perf',
        [
          'record',
          '-q',
          '-F',
          '499',
          '-g',
          '-p',
          String(pid),
          '-o',
          file,
          '--',
          'sleep',
          `${RECORD_SECONDS}`,
        ],
        { stdio: 'ignore' },
      )
      perf.on('error', reject)
      perf.on('exit', () => {
        try {
          const text = execFileSync('perf', ['script', '-i', file], {
            encoding: 'utf8',
            maxBuffer: 1 << 30,
            stdio: ['ignore', 'pipe', 'ignore'],
          })
          resolve(text.split('\n\n').filter((s) => s.trim().includes('\n')))
        } catch (err) {
          reject(err)
        }
      })
    }, 2_000)
  })
}

function shares(stacks: string[]): Record<string, string> {
  const out: Record<string, string> = { samples: String(stacks.length) }
  for (const { label, frames, outsideStart } of ROWS) {
    const n = stacks.filter(
      (s) =>
        frames.some((f) => s.includes(f)) && !(outsideStart && START.some((f) => s.includes(f))),
    ).length
    out[label] = `${((100 * n) / Math.max(1, stacks.length)).toFixed(1)}%`
  }
  return out
}

const bundles = await buildBundles()
const { pid, value: served } = await startedWorkerd(() => serve(bundles))
const dir = await mkdtemp(join(tmpdir(), 'bench-native-'))
try {
  console.log(`workerd pid ${pid}; seeding 104 products and ${2 * SHOPPERS} shoppers`)
  const shop = await seed(served.url, 104, 2 * SHOPPERS)
  await fillCarts(served.url, shop.tokens, shop.skus.at(-1) ?? '')
  await new Promise((r) => setTimeout(r, 12_000))
  const report: Record<string, Record<string, string>> = {}

  const trace = record(pid, join(dir, 'ceiling.data'))
  let before = cpuMs(pid)
  const ceiling = await load(
    { url: `${served.url}/v1/bench-no-such-route`, duration: SECONDS },
    [404],
  )
  report.ceiling = {
    throughput: `${ceiling.requestsPerSecond} req/s`,
    'workerd CPU ms per request or order': ((cpuMs(pid) - before) / ceiling.total).toFixed(2),
    ...shares(await trace),
  }

  const sales: [string, string, string[], string[]][] = [
    ['one-SKU sale', 'sale-1', shop.skus.slice(0, 1), shop.tokens.slice(0, SHOPPERS)],
    [
      '100-SKU sale',
      'sale-100',
      shop.skus.slice(1, 101),
      shop.tokens.slice(SHOPPERS, 2 * SHOPPERS),
    ],
  ]
  const run = Date.now()
  for (const [name, id, skus, tokens] of sales) {
    const target = { url: served.url, tokens }
    for (const sku of skus) await adjustTo(served.url, sku, 200_000)
    // As the bench does: one order per SKU first wakes each SKU's object.
    await inPool(skus.length, (i) => placeOrder(target, skus[i] ?? '', `${id}-${run}-warm-${i}`, i))
    const trace = record(pid, join(dir, `${skus.length}.data`))
    before = cpuMs(pid)
    let n = 0
    const sale = await load(
      {
        url: `${served.url}/v1/orders`,
        duration: SECONDS,
        method: 'POST',
        requests: [
          {
            setupRequest: (req) => {
              const i = n++
              return {
                ...req,
                headers: orderHeaders(target, i, `${id}-${run}-${i}`),
                body: JSON.stringify({ items: [{ sku: skus[i % skus.length], quantity: 1 }] }),
              }
            },
          },
        ],
      },
      [409],
    )
    const stacks = await trace
    const created = sale.statuses['201'] ?? 0
    report[name] = {
      throughput: `${Math.round((created / sale.seconds) * 10) / 10} orders/s (${Object.entries(
        sale.statuses,
      )
        .map(([code, count]) => `${code}×${count}`)
        .join(' ')})`,
      // The CPU of the load only: the queue consumer's archive of the last orders may follow it.
      'workerd CPU ms per request or order': ((cpuMs(pid) - before) / Math.max(1, created)).toFixed(
        2,
      ),
      ...shares(stacks),
    }
    // Lets the queue drain before the next scenario.
    await new Promise((r) => setTimeout(r, 5_000))
  }
  const labels = Object.keys(report.ceiling ?? {})
  const names = Object.keys(report)
  console.log(`| | ${names.join(' | ')} |\n|---|${names.map(() => '---:').join('|')}|`)
  for (const label of labels)
    console.log(`| ${label} | ${names.map((s) => report[s]?.[label] ?? '').join(' | ')} |`)
} finally {
  await served.mf.dispose()
  if (!process.env.BENCH_NATIVE_KEEP) await rm(dir, { recursive: true, force: true })
  else console.log(`perf data kept in ${dir}`)
}
