/** @module Prices checkout lines from the catalog: the shopper names SKUs, the catalog sets prices. */
import { AppError } from '#domain/errors'
import type { PricedLine } from '#domain/orders/order'
import type { CatalogStore, PricedVariant } from '#domain/ports/catalog-store'

/** A line as the shopper asks for it. */
export interface RequestedLine {
  sku: string
  quantity: number
}

/** Why a SKU cannot be sold, in the details of a `sku_unavailable` refusal. */
export interface UnavailableSku {
  sku: string
  reason: 'unknown' | 'not_active' | 'other_currency'
}

/** SKUs compare as the catalog keeps them unique: without regard to case. */
export const skuKey = (sku: string) => sku.toUpperCase()

/**
 * Prices each line at the variant's current price. Lines carry the catalog's spelling of the SKU,
 * since that names the inventory object. Throws AppError `sku_unavailable` (422) naming every SKU
 * that is unknown, belongs to a product that is not active, or is priced in another currency.
 */
export async function priceLines(
  catalog: Pick<CatalogStore, 'variantsBySku'>,
  lines: readonly RequestedLine[],
  currency: string,
): Promise<PricedLine[]> {
  const variants = await catalog.variantsBySku(lines.map((l) => l.sku))
  const bySku = new Map(variants.map((v) => [skuKey(v.sku), v]))
  const unavailable: UnavailableSku[] = []
  const priced: PricedLine[] = []
  for (const line of lines) {
    const variant = bySku.get(skuKey(line.sku))
    const reason = unavailableReason(variant, currency)
    if (reason || !variant) unavailable.push({ sku: line.sku, reason: reason ?? 'unknown' })
    else priced.push(toLine(variant, line.quantity))
  }
  if (unavailable.length > 0)
    throw new AppError('sku_unavailable', 'Some SKUs cannot be ordered', unavailable)
  return priced
}

/** Why a variant cannot be sold now, or null when it can. */
export function unavailableReason(
  variant: PricedVariant | undefined,
  currency: string,
): UnavailableSku['reason'] | null {
  if (!variant) return 'unknown'
  if (variant.productStatus !== 'active') return 'not_active'
  if (variant.currency !== currency) return 'other_currency'
  return null
}

function toLine(variant: PricedVariant, quantity: number): PricedLine {
  const title =
    variant.title && variant.title !== variant.productTitle
      ? `${variant.productTitle} – ${variant.title}`
      : variant.productTitle
  return {
    sku: variant.sku,
    productId: variant.productId,
    title: title.slice(0, 200),
    unitPriceMinor: variant.priceMinor,
    quantity,
  }
}
