/**
 * @module Prices checkout lines without a database round trip on the hot path: from a short
 * per-isolate cache, else the KV price list the catalog writes with every product write
 * (`sku:<SKU>` → the priced variant), else the database (a SKU the price list lacks).
 *
 * Staleness budget: a price or status change reaches checkout within KV's propagation delay
 * (about 60 s at other locations, at once at the writing one) plus PRICE_CACHE_MS. The order
 * records the price it charged, so a late change never alters a placed order.
 */
import { AppError } from '#domain/errors'
import type { PricedLine } from '#domain/orders/order'
import type { CatalogStore, PricedVariant } from '#domain/ports/catalog-store'
import type { TotalsLine } from '#domain/totals/totals'

/** How long an isolate reuses a price it read. */
export const PRICE_CACHE_MS = 5_000

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

/** Where prices come from. */
export interface PriceSources {
  kv: KVNamespace
  catalog: () => Pick<CatalogStore, 'variantsBySku'>
}

/** SKUs compare as the catalog keeps them unique: without regard to case. */
export const skuKey = (sku: string) => sku.toUpperCase()

/** The price list's key of a SKU. */
export const skuPriceKey = (sku: string) => `sku:${skuKey(sku)}`

const cache = new Map<string, { variant: PricedVariant; until: number }>()

/**
 * Prices each line at the variant's price, with what totals need of it (tax class, weight,
 * category). Lines carry the catalog's spelling of the SKU, since that names the inventory
 * object. Throws AppError `sku_unavailable` (422) naming every SKU that is unknown, belongs to a
 * product that is not active, or is priced in another currency.
 */
export async function priceLines(
  sources: PriceSources,
  lines: readonly RequestedLine[],
  currency: string,
): Promise<TotalsLine[]> {
  const bySku = await lookupVariants(
    sources,
    lines.map((l) => l.sku),
  )
  const unavailable: UnavailableSku[] = []
  const priced: TotalsLine[] = []
  for (const line of lines) {
    const variant = bySku.get(skuKey(line.sku))
    const reason = unavailableReason(variant, currency)
    if (reason || !variant) unavailable.push({ sku: line.sku, reason: reason ?? 'unknown' })
    else priced.push(totalsLine(variant, line.quantity))
  }
  if (unavailable.length > 0)
    throw new AppError('sku_unavailable', 'Some SKUs cannot be ordered', unavailable)
  return priced
}

/** The order line of a priced line: what the order's `lines` keep. */
export function orderLine(l: TotalsLine): PricedLine {
  return {
    sku: l.sku,
    productId: l.productId,
    title: l.title,
    unitPriceMinor: l.unitPriceMinor,
    quantity: l.quantity,
  }
}

/** The variants of these SKUs by `skuKey`, through the isolate cache, KV, then the database. */
export async function lookupVariants(
  sources: PriceSources,
  skus: readonly string[],
): Promise<Map<string, PricedVariant>> {
  const now = Date.now()
  const found = new Map<string, PricedVariant>()
  const missing: string[] = []
  for (const sku of skus) {
    const hit = cache.get(skuKey(sku))
    if (hit && hit.until > now) found.set(skuKey(sku), hit.variant)
    else missing.push(sku)
  }
  if (missing.length === 0) return found
  const listed = await Promise.all(
    missing.map((sku) => sources.kv.get<PricedVariant>(skuPriceKey(sku), 'json')),
  )
  const unlisted: string[] = []
  listed.forEach((v, i) => {
    if (v) remember(found, v, now)
    else unlisted.push(missing[i] as string)
  })
  // Only SKUs the price list lacks (unknown ones, or written before it existed) reach the database.
  if (unlisted.length > 0)
    for (const v of await sources.catalog().variantsBySku(unlisted)) remember(found, v, now)
  return found
}

function remember(found: Map<string, PricedVariant>, v: PricedVariant, now: number) {
  found.set(skuKey(v.sku), v)
  cache.set(skuKey(v.sku), { variant: v, until: now + PRICE_CACHE_MS })
  // The cache holds the SKUs being sold now; old entries go once it grows past a bound.
  if (cache.size > 10_000) for (const [k, e] of cache) if (e.until <= now) cache.delete(k)
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

/** A variant priced for `quantity` units; older price-list entries are standard-rated and weightless. */
export function totalsLine(variant: PricedVariant, quantity: number): TotalsLine {
  const title =
    variant.title && variant.title !== variant.productTitle
      ? `${variant.productTitle} – ${variant.title}`
      : variant.productTitle
  return {
    sku: variant.sku,
    productId: variant.productId,
    ...(variant.productCategory ? { categoryId: variant.productCategory } : {}),
    title: title.slice(0, 200),
    unitPriceMinor: variant.priceMinor,
    quantity,
    taxClass: variant.taxClass ?? 'standard',
    ...(typeof variant.weightGrams === 'number' ? { weightGrams: variant.weightGrams } : {}),
  }
}
