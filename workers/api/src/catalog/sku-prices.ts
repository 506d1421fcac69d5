/**
 * @module The price list in KV (`sku:<SKU>` → the priced variant), written with every catalog
 * write. Checkout prices from it (durable-objects/shopper/pricing.ts), so the hot path makes no
 * database round trip and goes on while the database does not answer (invariant 7).
 */
import type { Product } from '#domain/catalog/product'
import type { PricedVariant } from '#domain/ports/catalog-store'
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
      }
      return kv.put(key(v.sku), JSON.stringify(priced))
    }),
    ...removedSkus.map((sku) => kv.delete(key(sku))),
  ])
}
