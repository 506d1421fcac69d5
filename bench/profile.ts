/**
 * @module `npm run bench:profile`: where a checkout's CPU time goes. Serves the production bundles
 * with workerd's inspector open, prepares shoppers as the bench does, and records V8 CPU profiles
 * of the api Worker's isolate (which also runs its Durable Objects) over checkouts one at a time,
 * then 32 at a time on one SKU. Prints the functions with the most self time and the most total
 * time, and writes each profile to bench/results/profiles/ (open it in Chrome DevTools).
 * `BENCH_PROFILE_SCENARIO=ceiling|read|search` profiles that route instead of the checkouts.
 * Profiling slows the isolate down: read the shares, not the milliseconds.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { buildBundles } from './build'
import { type Profile, summarise } from './profile-summary'
import { adjustTo, fillCarts, inPool, placeOrder } from './scenarios/sale-client'
import { seed } from './seed'
import { serve } from './serve'

const PORT = Number(process.env.BENCH_PROFILE_PORT ?? 9329)
const COUNT = Number(process.env.BENCH_PROFILE_COUNT ?? 600)
const SCENARIO = process.env.BENCH_PROFILE_SCENARIO ?? 'checkout'
/** Which isolate: the api Worker's (with its objects) or, with `consumer`, the queue consumer's. */
const ISOLATE =
  process.env.BENCH_PROFILE_ISOLATE === 'consumer'
    ? 'edge-commerce-queue-consumer'
    : 'edge-commerce-api'
const OUT = 'bench/results/profiles'
/** µs between samples. */
const INTERVAL_US = 200

/** One inspector session on the api Worker's isolate. */
async function inspect(port: number) {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as {
    id: string
    title: string
    webSocketDebuggerUrl: string
  }[]
  const target = targets.find((t) => t.title.includes(ISOLATE))
  if (!target)
    throw new Error(`no inspector target for ${ISOLATE}: ${targets.map((t) => t.title).join(', ')}`)
  const ws = new WebSocket(target.webSocketDebuggerUrl)
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true })
    ws.addEventListener('error', reject, { once: true })
  })
  let next = 1
  const waiting = new Map<number, (result: unknown) => void>()
  ws.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown }
    if (message.id !== undefined) waiting.get(message.id)?.(message.result)
  })
  const send = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve) => {
      const id = next++
      waiting.set(id, resolve as (result: unknown) => void)
      ws.send(JSON.stringify({ id, method, params }))
    })
  return { send, close: () => ws.close() }
}

const started = Date.now()
const step = (what: string) =>
  console.log(`[bench:profile ${((Date.now() - started) / 1000).toFixed(0)}s] ${what}`)
step('building the production bundles')
const bundles = await buildBundles()
const edge = await serve(bundles, {}, { inspectorPort: PORT })
try {
  step('seeding')
  const shop = await seed(edge.url, 4, 400)
  const target = { url: edge.url, tokens: shop.tokens, archived: async () => 0, shoppers: '' }
  await fillCarts(edge.url, shop.tokens, shop.skus[1] ?? '')
  const sku = shop.skus[0] ?? ''
  await adjustTo(edge.url, sku, 1_000_000)
  const productId = shop.productIds[0] ?? ''
  const run = `profile-${Date.now()}`
  const phases: [string, () => Promise<unknown>][] =
    SCENARIO === 'checkout'
      ? [
          [
            'sequential',
            async () => {
              for (let i = 0; i < COUNT; i++) await placeOrder(target, sku, `${run}-s-${i}`, i)
            },
          ],
          [
            'concurrent',
            () => inPool(COUNT, (i) => placeOrder(target, sku, `${run}-c-${i}`, i + COUNT)),
          ],
        ]
      : [
          [
            SCENARIO,
            () =>
              inPool(COUNT * 4, async (i) => {
                const path =
                  SCENARIO === 'read'
                    ? `/v1/products/${productId}`
                    : SCENARIO === 'search'
                      ? `/v1/search?q=${['bench', 'product', 'blue', 'widget', 'shirt'][i % 5]}`
                      : '/v1/bench-no-such-route'
                const res = await fetch(`${edge.url}${path}`)
                await res.arrayBuffer()
                return res
              }),
          ],
        ]
  // Warm-up outside the profile: objects awake, caches filled, code compiled.
  for (let i = 0; i < 40; i++) await placeOrder(target, sku, `${run}-w-${i}`, i)
  const inspector = await inspect(PORT)
  await inspector.send('Profiler.enable')
  await inspector.send('Profiler.setSamplingInterval', { interval: INTERVAL_US })
  await mkdir(OUT, { recursive: true })
  for (const [name, phase] of phases) {
    step(`profiling: ${name}`)
    await inspector.send('Profiler.start')
    const t0 = Date.now()
    await phase()
    const ms = Date.now() - t0
    // The consumer archives the last orders up to a batch timeout (1 s) after their answers.
    if (ISOLATE !== 'edge-commerce-api') await new Promise((r) => setTimeout(r, 2_500))
    const { profile } = await inspector.send<{ profile: Profile }>('Profiler.stop')
    await writeFile(join(OUT, `${name}.cpuprofile`), JSON.stringify(profile))
    const s = summarise(profile, INTERVAL_US)
    console.log(
      `\n## ${name}: ${ms} ms wall, isolate busy ${((s.all - s.idle) / 1000).toFixed(0)} ms of ${(s.all / 1000).toFixed(0)} ms sampled; not sampled (the thread elsewhere) ${(s.unsampled / 1000).toFixed(0)} ms`,
    )
    console.log(`\nself time:\n${s.self.join('\n')}`)
    console.log(`\ntotal time (incl. callees):\n${s.total.join('\n')}`)
  }
  inspector.close()
} finally {
  await edge.mf.dispose()
}
step('done')
