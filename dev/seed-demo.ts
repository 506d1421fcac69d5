/** @module Seeds the local D1 with a small demo catalog; idempotent. Run by `npm start`. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateProduct } from './catalog/generate'

const count = Number(process.env.DEMO_PRODUCTS ?? 24)
const now = Date.now()
const q = (value: string) => `'${value.replaceAll("'", "''")}'`

const statements: string[] = []
for (let n = 0; n < count; n++) {
  const p = generateProduct(n)
  statements.push(
    `INSERT INTO products (id, slug, title, description, category, brand, status, attributes, version, created_at, updated_at) VALUES (${[q(p.id), q(p.slug), q(p.title), q(p.description), q(p.category), q(p.brand), q('active'), q(JSON.stringify(p.attributes)), 1, now, now].join(', ')}) ON CONFLICT (id) DO NOTHING;`,
  )
  p.variants.forEach((v, i) => {
    statements.push(
      `INSERT INTO variants (sku, product_id, title, price_minor, currency, attributes, position, created_at, updated_at) VALUES (${[q(v.sku), q(p.id), q(v.title), v.priceMinor, q('EUR'), q(JSON.stringify(v.attributes)), i, now, now].join(', ')}) ON CONFLICT (sku) DO NOTHING;`,
    )
  })
}

const file = join(mkdtempSync(join(tmpdir(), 'seed-')), 'demo.sql')
writeFileSync(file, statements.join('\n'))
execFileSync(
  process.execPath,
  ['node_modules/wrangler/bin/wrangler.js', 'd1', 'execute', 'DB', '--local', '--file', file],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
)
console.log(`Demo catalog: ${count} products with ${count * 3} variants in the local D1.`)
