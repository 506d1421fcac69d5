/**
 * @module The priced cart (GET /v1/cart): each line priced from the same price list checkout reads,
 * flagged when it cannot be bought as it stands, and the buyable lines priced by the same
 * `totalsFor` (domain/totals' computeTotals with the store's settings) that prices the order.
 */
import type { Context } from 'hono'
import { CountryCode } from '#domain/address/address'
import { AppError } from '#domain/errors'
import type { ShippingQuote } from '#domain/shipping/shipping'
import { quoteCart, type Totals, type TotalsLine } from '#domain/totals/totals'
import type { CartView } from '#objects/shopper/cart'
import {
  lookupVariants,
  skuKey,
  totalsLine,
  type UnavailableSku,
  unavailableReason,
} from '#objects/shopper/pricing'
import { discountsFor, type PriceChoices, taxOf, totalsFor } from '#objects/shopper/quote'
import type { Settings } from '#objects/store-settings/adapter'
import { settingsOf } from '../settings/objects'
import type { AppEnv } from '../types'
import { inventoryOf } from './objects'

/** Why a cart line cannot be ordered as it stands. */
export type LineProblem = UnavailableSku['reason'] | 'insufficient_stock'

/** One cart line with its price now, or the reason it cannot be bought. */
export interface CartLineView {
  sku: string
  quantity: number
  productId: string | null
  /** The line's name as the order will show it (product – variant). */
  title: string | null
  productTitle: string | null
  variantTitle: string | null
  unitPriceMinor: number | null
  /** Units available now (exact, from the SKU's inventory object); null for a SKU not for sale. */
  available: number | null
  problem: LineProblem | null
}

/** The cart with its lines priced, the open shipping methods and the totals of the buyable lines. */
export interface PricedCart extends CartView {
  lines: CartLineView[]
  /** The shipping methods open to the buyable lines at `country`; empty without one. */
  shippingMethods: ShippingQuote[]
  /** Null when no line can be bought. */
  totals: Totals | null
  /** Codes or a method that the totals leave out, and why (the error code checkout would answer). */
  refused: { field: 'discountCodes' | 'shippingMethodId'; value: string; code: string }[]
}

/** What the cart may be priced for: a destination, a method, codes. */
export interface CartPricingQuery {
  country?: string | undefined
  region?: string | undefined
  shippingMethodId?: string | undefined
  codes: string[]
}

/** Prices the cart; a code or method that does not apply is listed in `refused`, not thrown. */
export async function priceCart(
  c: Context<AppEnv>,
  cart: CartView,
  query: CartPricingQuery,
): Promise<PricedCart> {
  const currency = c.env.STORE_CURRENCY
  const [variants, settings] = await Promise.all([
    lookupVariants(
      { kv: c.env.CATALOG_KV, catalog: () => c.get('ports').database.catalog },
      cart.items.map((i) => i.sku),
    ),
    settingsOf(c).read(),
  ])
  const sellable = cart.items.flatMap((item) => {
    const variant = variants.get(skuKey(item.sku))
    return variant && !unavailableReason(variant, currency) ? [{ item, variant }] : []
  })
  // Exact stock of the SKUs for sale only: a SKU nobody sells must not get an object.
  const stock = new Map(
    await Promise.all(
      sellable.map(
        async ({ variant }) =>
          [skuKey(variant.sku), (await inventoryOf(c).snapshot(variant.sku)).available] as const,
      ),
    ),
  )
  const lines: CartLineView[] = cart.items.map((item) => {
    const variant = variants.get(skuKey(item.sku))
    const reason = unavailableReason(variant, currency)
    const priced = variant && !reason ? totalsLine(variant, item.quantity) : null
    const available = stock.get(skuKey(item.sku)) ?? null
    return {
      sku: item.sku,
      quantity: item.quantity,
      productId: priced?.productId ?? null,
      title: priced?.title ?? null,
      productTitle: priced ? (variant?.productTitle ?? null) : null,
      variantTitle: priced ? (variant?.title ?? null) : null,
      unitPriceMinor: priced?.unitPriceMinor ?? null,
      available,
      problem:
        reason ?? (available !== null && available < item.quantity ? 'insufficient_stock' : null),
    }
  })
  const buyable = sellable.map(({ item, variant }) => totalsLine(variant, item.quantity))
  return { ...cart, lines, ...quote(settings, buyable, query, currency) }
}

function quote(
  settings: Settings,
  lines: TotalsLine[],
  query: CartPricingQuery,
  currency: string,
): Pick<PricedCart, 'totals' | 'shippingMethods' | 'refused'> {
  const refused: PricedCart['refused'] = []
  if (lines.length === 0) return { totals: null, shippingMethods: [], refused }
  const now = Date.now()
  const destination = query.country
    ? { country: CountryCode.parse(query.country), region: query.region }
    : null
  const details = (discountCodes: string[], shippingMethodId?: string): PriceChoices => ({
    destination,
    shippingMethodId,
    discountCodes,
  })
  // Each code is tried on what the earlier accepted ones leave, as checkout applies them.
  const accepted: string[] = []
  for (const code of query.codes) {
    const refusal = refusalOf(() =>
      totalsFor(settings, lines, details([...accepted, code]), currency, now),
    )
    if (refusal) refused.push({ field: 'discountCodes', value: code, code: refusal })
    else accepted.push(code)
  }
  const shippingMethods = destination
    ? quoteCart(
        {
          currency,
          lines,
          destination,
          discounts: discountsFor(settings, accepted, lines, currency, now),
          tax: taxOf(settings),
          now,
        },
        settings.shippingZones,
      )
    : []
  let method = query.shippingMethodId
  if (method && !shippingMethods.some((m) => m.methodId === method)) {
    refused.push({ field: 'shippingMethodId', value: method, code: 'shipping_method_unavailable' })
    method = undefined
  }
  const totals = totalsFor(settings, lines, details(accepted, method), currency, now)
  return { totals, shippingMethods, refused }
}

function refusalOf(price: () => unknown): string | null {
  try {
    price()
    return null
  } catch (err) {
    if (err instanceof AppError && err.code.startsWith('discount_')) return err.code
    throw err
  }
}
