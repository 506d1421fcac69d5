/** @module Admin product writes: database first, then KV and this location's cache, then the event. */

import { productEvent } from '#domain/catalog/events'
import {
  newProduct,
  type Product,
  type ProductInput,
  type ProductPatch,
  patchProduct,
} from '#domain/catalog/product'
import { AppError } from '#domain/errors'
import { type ProductCacheDeps, refreshProduct } from './product-cache'
import { writeSkuPrices } from './sku-prices'

/** What a write needs besides the cache: where events go, the store currency and a clock. */
export interface WriteDeps extends ProductCacheDeps {
  events: Queue
  currency: string
  now: () => number
  log: (msg: string, fields: object) => void
}

// Concurrent admin edits of one product retry on a fresh read this many times before a 409.
const MAX_ATTEMPTS = 3

/** Creates a product; returns it as stored. Nothing of a new id is cached, so no cache to refresh. */
export async function createProduct(deps: WriteDeps, input: ProductInput): Promise<Product> {
  const product = newProduct(input, crypto.randomUUID(), deps.currency, deps.now())
  await deps.catalog.insert(product)
  await writeSkuPrices(deps.kv, product)
  await publish(deps, [product])
  return product
}

/**
 * Creates many products (an import), `concurrency` at a time, and sends their events in batches.
 * Each product succeeds or fails on its own; failures come back as AppErrors by input position.
 */
export async function createProducts(
  deps: WriteDeps,
  inputs: ProductInput[],
  concurrency = 8,
): Promise<(Product | AppError)[]> {
  const results: (Product | AppError)[] = new Array(inputs.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < inputs.length; i = next++) {
      const product = newProduct(
        inputs[i] as ProductInput,
        crypto.randomUUID(),
        deps.currency,
        deps.now(),
      )
      try {
        await deps.catalog.insert(product)
        await writeSkuPrices(deps.kv, product)
        results[i] = product
      } catch (err) {
        if (!(err instanceof AppError)) throw err
        results[i] = err
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, inputs.length) }, worker))
  await publish(
    deps,
    results.filter((r): r is Product => !(r instanceof AppError)),
  )
  return results
}

/** Patches a product (archiving is a patch to `archived`); 404 when it does not exist. */
export async function updateProduct(
  deps: WriteDeps,
  id: string,
  patch: ProductPatch,
): Promise<Product> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await deps.catalog.get(id)
    if (!current) throw new AppError('not_found', 'No such product')
    const next = patchProduct(current, patch, deps.currency, deps.now())
    if (await deps.catalog.replace(next)) {
      const kept = new Set(next.variants.map((v) => v.sku))
      await writeSkuPrices(
        deps.kv,
        next,
        current.variants.map((v) => v.sku).filter((sku) => !kept.has(sku)),
      )
      await afterWrite(deps, next)
      return next
    }
  }
  throw new AppError('conflict', 'The product kept changing; try again')
}

// The database holds the write now. The cache refresh is awaited so reads here see the new
// version at once; the event is best effort: if the queue refuses it, the write still stands and
// a reindex (POST /v1/admin/search/reindex) brings the index back in step.
async function afterWrite(deps: WriteDeps, product: Product) {
  await refreshProduct(deps, product)
  await publish(deps, [product])
}

// Queues take at most 100 messages per sendBatch.
async function publish(deps: WriteDeps, products: Product[]) {
  for (let i = 0; i < products.length; i += 100) {
    const chunk = products.slice(i, i + 100)
    try {
      await deps.events.sendBatch(
        chunk.map((p) => ({ body: productEvent(p, crypto.randomUUID(), deps.now()) })),
      )
    } catch (err) {
      deps.log('product events not sent', {
        productIds: chunk.map((p) => p.id),
        error: err,
      })
    }
  }
}
