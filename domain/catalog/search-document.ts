/** @module Turns a product into the document the search index holds. */
import type { CountersPort } from '../ports/counters'
import type { CardImage, SearchDocument } from '../ports/search'
import type { Product, ProductImage } from './product'

/** Counter keys the catalog reads: each SKU's available-stock hint and each product's popularity. */
export const stockHintKey = (sku: string) => `stock:${sku}`
export const popularityKey = (productId: string) => `popularity:${productId}`

/** The index document of an active product; stock and popularity come from the counters store. */
export function toSearchDocument(
  product: Product,
  signals: { inStock: boolean; popularity: number },
): SearchDocument {
  return {
    id: product.id,
    version: product.version,
    title: product.title,
    description: product.description,
    brand: product.brand,
    category: product.category,
    priceMinor: Math.min(...product.variants.map((v) => v.priceMinor)),
    inStock: signals.inStock,
    createdAt: product.createdAt,
    popularity: signals.popularity,
    skus: product.variants.map((v) => v.sku),
    handle: product.handle,
    ...(product.images[0] ? { image: cardImage(product.images[0], product.title) } : {}),
  }
}

function cardImage(image: ProductImage, title: string): CardImage {
  return { url: image.url, width: image.width, height: image.height, alt: image.alt || title }
}

/** Reads the product's signals from the counters store (one batched read) and builds its document. */
export async function buildSearchDocument(
  product: Product,
  counters: CountersPort,
): Promise<SearchDocument> {
  const [document] = await buildSearchDocuments([product], counters)
  return document as SearchDocument
}

/**
 * Builds the documents of many products with one `getMany` for all their signals (each
 * product's popularity, then each variant's stock hint), instead of a read per counter.
 */
export async function buildSearchDocuments(
  products: readonly Product[],
  counters: CountersPort,
): Promise<SearchDocument[]> {
  const keys = products.flatMap((p) => [
    popularityKey(p.id),
    ...p.variants.map((v) => stockHintKey(v.sku)),
  ])
  const values = await counters.getMany(keys)
  let at = 0
  return products.map((product) => {
    const popularity = values[at++] ?? 0
    const stock = product.variants.map(() => values[at++] ?? 0)
    return toSearchDocument(product, { inStock: stock.some((n) => n > 0), popularity })
  })
}
