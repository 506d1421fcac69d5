/** @module Admin product writes: database first, then KV and this location's cache, then the event. */

import { productEvent } from '#domain/catalog/events'
import {
  handleWithTail,
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
  const product = await insertProduct(
    deps,
    newProduct(input, crypto.randomUUID(), deps.currency, deps.now()),
    input.handle !== undefined,
  )
  await writeSkuPrices(deps.kv, product)
  await publish(deps, [product])
  return product
}

/**
 * Creates many products (an import), `concurrency` at a time, and sends their events in batches.
 * Each product succeeds or fails on its own and never fails the batch: failures come back as
 * AppErrors by input position (`sku_taken` for a SKU the catalog or an earlier item of the batch
 * has; `internal_error` for anything unexpected, logged), and every product written gets its
 * event, whatever happened to the others.
 */
export async function createProducts(
  deps: WriteDeps,
  inputs: ProductInput[],
  concurrency = 8,
): Promise<(Product | AppError)[]> {
  const results: (Product | AppError)[] = new Array(inputs.length)
  const duplicates = repeatedSkus(inputs)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < inputs.length; i = next++) {
      const repeated = duplicates.get(i)
      if (repeated) {
        results[i] = new AppError('sku_taken', 'An earlier product of this batch has these SKUs', {
          skus: repeated,
        })
        continue
      }
      const input = inputs[i] as ProductInput
      let product = newProduct(input, crypto.randomUUID(), deps.currency, deps.now())
      try {
        product = await insertProduct(deps, product, input.handle !== undefined)
      } catch (err) {
        if (!(err instanceof AppError) || err.code === 'upstream_unavailable')
          deps.log('batch item not written', { index: i, error: String(err) })
        // Upstream text (SQL, transport) never reaches the caller, as for a 5xx.
        results[i] =
          err instanceof AppError && err.code !== 'upstream_unavailable'
            ? err
            : new AppError(
                err instanceof AppError ? err.code : 'internal_error',
                'Not written; retry this product',
              )
        continue
      }
      // Written: from here the item is a success, so its event goes out even if KV fails.
      results[i] = product
      await writeSkuPrices(deps.kv, product).catch((err: unknown) =>
        deps.log('price list not written', { productId: product.id, error: String(err) }),
      )
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, inputs.length) }, worker))
  await publish(
    deps,
    results.filter((r): r is Product => !(r instanceof AppError)),
  )
  return results
}

/** Items whose SKUs (any case) an earlier item of the batch already has, with those SKUs. */
function repeatedSkus(inputs: ProductInput[]): Map<number, string[]> {
  const seen = new Set<string>()
  const repeated = new Map<number, string[]>()
  inputs.forEach((input, i) => {
    const skus = input.variants.map((v) => v.sku.toUpperCase())
    const taken = skus.filter((sku) => seen.has(sku))
    if (taken.length > 0) repeated.set(i, taken)
    else for (const sku of skus) seen.add(sku)
  })
  return repeated
}

/**
 * Inserts a new product. A handle derived from the title that another product has already gets
 * the id's tail instead (imports of same-titled products go on); a handle the admin chose stays
 * a 409 `handle_taken`.
 */
async function insertProduct(deps: WriteDeps, product: Product, chosenHandle: boolean) {
  try {
    await deps.catalog.insert(product)
    return product
  } catch (err) {
    if (chosenHandle || !(err instanceof AppError) || err.code !== 'handle_taken') throw err
    const renamed = { ...product, handle: handleWithTail(product.handle, product.id) }
    await deps.catalog.insert(renamed)
    return renamed
  }
}

/** Patches a product (archiving is a patch to `archived`); 404 when it does not exist. */
export function updateProduct(deps: WriteDeps, id: string, patch: ProductPatch): Promise<Product> {
  return changeProduct(deps, id, (current) =>
    patchProduct(current, patch, deps.currency, deps.now()),
  )
}

/**
 * Applies `change` to the stored product and stores the result if no other write came between
 * (retrying on a fresh read); `change` returns the next version (version + 1) or throws an
 * AppError to refuse. 404 when the product does not exist.
 */
export async function changeProduct(
  deps: WriteDeps,
  id: string,
  change: (current: Product) => Product,
): Promise<Product> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await deps.catalog.get(id)
    if (!current) throw new AppError('not_found', 'No such product')
    const next = change(current)
    if (await deps.catalog.replace(next)) {
      const kept = new Set(next.variants.map((v) => v.sku))
      await writeSkuPrices(
        deps.kv,
        next,
        current.variants.map((v) => v.sku).filter((sku) => !kept.has(sku)),
      )
      await afterWrite(deps, next, current)
      return next
    }
  }
  throw new AppError('conflict', 'The product kept changing; try again')
}

// The database holds the write now. The cache refresh is awaited so reads here see the new
// version at once; the event is best effort: if the queue refuses it, the write still stands and
// a reindex (POST /v1/admin/search/reindex) brings the index back in step.
async function afterWrite(deps: WriteDeps, product: Product, previous: Product) {
  await refreshProduct(deps, product, previous)
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
