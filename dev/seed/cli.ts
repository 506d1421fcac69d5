/**
 * @module `npm run seed -- [--products N | --file catalog.ndjson|.csv] [--url URL] [--restart]
 * [--stock N] [--state FILE]`: imports a catalog through the admin API of a running platform, in
 * batches of 100. Resumable: the number of products already sent is kept in --state
 * (.wrangler/seed-state.json), and a product whose SKU exists already counts as imported. Ends with
 * a reindex so search answers over the new catalog; `--stock N` first gives N units to every SKU
 * that never had stock (demo stock, so checkout works on a fresh start). A SKU that was ever
 * received, adjusted or sold keeps its stock as it is: a restart must not undo the shop's sales.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { progressBar } from './progress'
import { csv, generated, ndjson, type ProductBody } from './sources'

const { values } = parseArgs({
  options: {
    products: { type: 'string' },
    file: { type: 'string' },
    url: { type: 'string', default: process.env.API_URL ?? 'http://127.0.0.1:8787' },
    restart: { type: 'boolean', default: false },
    'no-reindex': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    stock: { type: 'string' },
    state: { type: 'string', default: '.wrangler/seed-state.json' },
  },
})

const BATCH = 100
// The API refuses bodies over MAX_BODY_BYTES (64 KiB by default): batches stay well under it.
const BATCH_BYTES = 48_000
const STATE = values.state
const key = process.env.ADMIN_API_KEY ?? devVar('ADMIN_API_KEY') ?? 'local-dev-admin-key'
const source = values.file ? `file:${values.file}` : `generated:${values.products ?? '24'}`
const openItems = () =>
  values.file
    ? values.file.endsWith('.csv')
      ? csv(values.file)
      : ndjson(values.file)
    : generated(Number(values.products ?? 24))
const items = openItems()
const total = values.file ? await countItems() : Number(values.products ?? 24)

const state = readState()
const skip = values.restart || state.source !== source ? 0 : state.done
const draw = values.quiet ? () => {} : progressBar(total)
const summary = { created: 0, existing: 0, failed: 0, errors: new Map<string, number>() }
const started = Date.now()

let index = 0
let batch: ProductBody[] = []
let bytes = 0
for await (const item of items) {
  if (index++ < skip) continue
  const size = JSON.stringify(item).length
  if (batch.length && (batch.length === BATCH || bytes + size > BATCH_BYTES)) {
    await send(batch)
    batch = []
    bytes = 0
  }
  batch.push(item)
  bytes += size
}
if (batch.length) await send(batch)
draw(total, true)

// Stock before the reindex: the index reads each product's in-stock signal when it builds it.
if (values.stock !== undefined) await stockNew(Number(values.stock))
const indexed = values['no-reindex'] ? undefined : await post('/v1/admin/search/reindex', undefined)
const seconds = (Date.now() - started) / 1000
console.log(
  `Seeded ${source}: ${summary.created} created, ${summary.existing} already there, ${summary.failed} failed` +
    `${skip ? ` (resumed after ${skip})` : ''} in ${seconds.toFixed(1)} s` +
    `${indexed ? `; search index rebuilt with ${(indexed as { indexed: number }).indexed} products` : ''}.`,
)
for (const [code, n] of summary.errors) if (code !== 'sku_taken') console.log(`  ${n} × ${code}`)
if (values.stock === undefined && summary.created > 0)
  console.log(
    `No stock was given: the ${summary.created} new products cannot be bought until their SKUs receive some.\n` +
      `  Give every SKU that never had stock 20 units: npm run seed -- ${values.file ? `--file ${values.file}` : `--products ${total}`} --stock 20\n` +
      '  or receive stock per SKU in the admin area (/admin/#stock).',
  )
if (summary.failed) process.exitCode = 1

/**
 * Receives `units` for each SKU that never had stock (nothing received, adjusted or sold), and
 * leaves every other SKU alone, so restarting `npm start` does not refill what was sold.
 */
async function stockNew(units: number) {
  const skus: string[] = []
  for await (const item of openItems()) skus.push(...item.variants.map((v) => v.sku.toUpperCase()))
  let received = 0
  // A few at a time: each SKU is its own inventory object, and wrangler dev serves them all.
  for (let i = 0; i < skus.length; i += 8) {
    const stocked = await Promise.all(
      skus.slice(i, i + 8).map(async (sku) => {
        const { total } = (await get(`/v1/admin/inventory/${encodeURIComponent(sku)}`)) as {
          total: { received: number; adjusted: number; sold: number }
        }
        if (total.received !== 0 || total.adjusted !== 0 || total.sold !== 0) return false
        await post(`/v1/admin/inventory/${encodeURIComponent(sku)}/adjust`, {
          receive: units,
          reason: 'demo stock (npm run seed -- --stock)',
        })
        return true
      }),
    )
    received += stocked.filter(Boolean).length
  }
  console.log(
    `Stock: ${received} of ${skus.length} SKUs never had stock and received ${units} units each` +
      `${received < skus.length ? `; the other ${skus.length - received} keep theirs (sales are never refilled)` : ''}.`,
  )
}

async function get(path: string): Promise<unknown> {
  const res = await fetch(new URL(path, values.url), {
    headers: { authorization: `Bearer ${key}` },
  })
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`)
  return res.json()
}

async function send(products: ProductBody[]) {
  const { results } = (await post('/v1/admin/products/batch', { products })) as {
    results: { error?: { code: string } }[]
  }
  for (const r of results) {
    if (!r.error) summary.created++
    else if (r.error.code === 'sku_taken') summary.existing++
    else {
      summary.failed++
      summary.errors.set(r.error.code, (summary.errors.get(r.error.code) ?? 0) + 1)
    }
  }
  const done = skip + summary.created + summary.existing + summary.failed
  writeState({ source, done })
  draw(done)
}

// Retried on network errors and 503s (wrangler dev reloads drop or refuse requests); safe,
// because a product whose SKU exists already counts as imported.
async function post(path: string, body: unknown, attempt = 1): Promise<unknown> {
  let status = 0
  let text = ''
  try {
    const res = await fetch(new URL(path, values.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    status = res.status
    text = await res.text()
  } catch (err) {
    status = 0
    text = String(err)
  }
  if (status >= 200 && status < 300) return JSON.parse(text)
  if ((status === 0 || status === 503) && attempt < 6) {
    await new Promise((r) => setTimeout(r, 250 * 2 ** attempt))
    return post(path, body, attempt + 1)
  }
  if (status === 0)
    throw new Error(`The API at ${values.url} does not answer (${text}); start it with npm start`)
  throw new Error(`${path} answered ${status}: ${text}`)
}

async function countItems() {
  let n = 0
  for await (const _ of values.file?.endsWith('.csv')
    ? csv(values.file)
    : ndjson(values.file ?? ''))
    n++
  return n
}

function readState(): { source?: string; done: number } {
  return existsSync(STATE) ? JSON.parse(readFileSync(STATE, 'utf8')) : { done: 0 }
}

function writeState(next: { source: string; done: number }) {
  mkdirSync(dirname(STATE), { recursive: true })
  writeFileSync(STATE, JSON.stringify(next))
}

function devVar(name: string): string | undefined {
  if (!existsSync('.dev.vars')) return undefined
  const line = readFileSync('.dev.vars', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}=`))
  return line?.slice(name.length + 1).trim()
}
