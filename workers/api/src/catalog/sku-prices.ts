/**
 * @module The price list in KV (`sku:<SKU>` → the priced variant), written with every catalog
 * write. Checkout prices from it (durable-objects/shopper/pricing.ts), so the hot path makes no
 * database round trip and goes on while the database does not answer (invariant 7).
 */
import type { Product } from '#domain/catalog/product'
import { UpstreamError } from '#domain/errors'
import type { CatalogStore, PricedVariant } from '#domain/ports/catalog-store'
import { skuPriceKey as key } from '#objects/shopper/pricing'

/** Writes the product's variants (with its status) and deletes the SKUs it no longer has. */
export async function writeSkuPrices(
  kv: KVNamespace,
  product: Product,
  removedSkus: string[] = [],
) {
  await Promise.all([
    ...product.variants.map((v) => {
      const priced: PricedVariant = {
        ...v,
        productId: product.id,
        productTitle: product.title,
        productStatus: product.status,
        productCategory: product.category,
        taxClass: product.taxClass ?? 'standard',
      }
      return kv.put(key(v.sku), JSON.stringify(priced))
    }),
    ...removedSkus.map((sku) => kv.delete(key(sku))),
  ])
}

/**
 * The database's prices; when it does not answer, the KV price list's (routes that read the
 * catalog first, such as the stock read and the shipping quote, keep answering, invariant 7).
 */
export function pricesWithFallback(
  catalog: Pick<CatalogStore, 'variantsBySku'>,
  kv: KVNamespace,
  warn: (msg: string, fields: Record<string, unknown>) => void,
): Pick<CatalogStore, 'variantsBySku'> {
  return {
    async variantsBySku(skus) {
      try {
        return await catalog.variantsBySku(skus)
      } catch (err) {
        if (!(err instanceof UpstreamError && err.retryable)) throw err
        warn('pricing from the KV price list: the database does not answer', { error: err })
        const found = await Promise.all(skus.map((sku) => kv.get<PricedVariant>(key(sku), 'json')))
        return found.filter((v): v is PricedVariant => v !== null)
      }
    },
  }
}
