/** @module Where imported products come from: the generated catalog, NDJSON or CSV files. */
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { parse } from 'csv-parse'
import { generateProduct } from '../catalog/generate'

/** A product as the admin API takes it (POST /v1/admin/products). */
export interface ProductBody {
  title: string
  description?: string
  category: string
  brand: string
  status?: 'draft' | 'active' | 'archived'
  attributes?: Record<string, string>
  variants: {
    sku: string
    title?: string
    priceMinor: number
    attributes?: Record<string, string>
  }[]
}

/** `count` products of the deterministic generated catalog, all active. */
export async function* generated(count: number): AsyncGenerator<ProductBody> {
  for (let n = 0; n < count; n++) {
    const { id: _id, slug: _slug, ...product } = generateProduct(n)
    yield { ...product, status: 'active' }
  }
}

/** One product per line; blank lines are skipped. */
export async function* ndjson(path: string): AsyncGenerator<ProductBody> {
  const lines = createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  })
  for await (const line of lines) if (line.trim()) yield JSON.parse(line) as ProductBody
}

/**
 * One variant per row, grouped into products by `handle` (rows of a product must be adjacent).
 * Columns: handle, title, description, category, brand, status, sku, price_minor, variant_title.
 */
export async function* csv(path: string): AsyncGenerator<ProductBody> {
  const rows = createReadStream(path).pipe(
    parse({ columns: true, trim: true, skip_empty_lines: true }),
  )
  let handle: string | undefined
  let current: ProductBody | undefined
  for await (const row of rows as AsyncIterable<Record<string, string>>) {
    if (row.handle !== handle && current) yield current
    if (row.handle !== handle) {
      handle = row.handle
      current = {
        title: row.title ?? '',
        description: row.description ?? '',
        category: row.category ?? '',
        brand: row.brand ?? '',
        status: (row.status || 'active') as ProductBody['status'],
        variants: [],
      }
    }
    current?.variants.push({
      sku: row.sku ?? '',
      priceMinor: Number(row.price_minor),
      ...(row.variant_title ? { title: row.variant_title } : {}),
    })
  }
  if (current) yield current
}
