/** @module The price of a cart or order: lines, subtotal, discounts, shipping, tax and total, exactly. */
import { z } from 'zod'
import { allocateDiscount } from '../discounts/allocation'
import { checkDiscount, type Discount } from '../discounts/discount'
import { AppError } from '../errors'
import { MAX_MINOR, MAX_ORDER_LINES } from '../orders/order'
import { quoteShipping, type ShippingQuote, type ShippingZone } from '../shipping/shipping'
import { rateFor, splitTax, TAX_CLASSES, type TaxPlace, type TaxSettings } from '../tax/rates'
import { shippingTax } from './shipping-tax'

/** A cart line as the catalog prices it: unit price in the store's price basis (gross or net). */
export const TotalsLine = z.strictObject({
  sku: z.string().min(1).max(64),
  productId: z.string().min(1).max(36),
  categoryId: z.string().min(1).max(64).optional(),
  title: z.string().min(1).max(200),
  unitPriceMinor: z.number().int().min(0).max(MAX_MINOR),
  quantity: z.number().int().min(1).max(999),
  taxClass: z.enum(TAX_CLASSES),
  /** The variant's weight; a variant without one weighs nothing for shipping. */
  weightGrams: z.number().int().min(0).max(1_000_000).optional(),
})
export type TotalsLine = z.infer<typeof TotalsLine>

/** Everything that decides a price; the cart API and the order both call `computeTotals` with it. */
export interface TotalsInput {
  currency: string
  lines: readonly TotalsLine[]
  /** The shipping destination; without one tax is estimated at the store's origin and no shipping is priced. */
  destination: TaxPlace | null
  /** The chosen method among the store's zones, or null before the shopper chooses. */
  shipping: { zones: readonly ShippingZone[]; methodId: string } | null
  /** Applied in this order, each on what the previous ones left; every one must be eligible. */
  discounts: readonly Discount[]
  tax: TaxSettings
  /** Unix ms, for the discounts' windows. */
  now: number
}

/** One priced line; netMinor + taxMinor = grossMinor, and subtotalMinor − discountMinor is the taxed amount. */
export interface PricedLine extends TotalsLine {
  subtotalMinor: number
  discountMinor: number
  taxRatePpm: number
  netMinor: number
  taxMinor: number
  grossMinor: number
}

/** The breakdown an order stores and the payment must match. */
export interface Totals {
  currency: string
  pricesIncludeTax: boolean
  lines: PricedLine[]
  /** Σ unit price × quantity, in the price basis. */
  subtotalMinor: number
  discountMinor: number
  discounts: { id: string; code: string | null; amountMinor: number }[]
  shipping: {
    methodId: string
    name: string
    amountMinor: number
    netMinor: number
    taxMinor: number
    grossMinor: number
  } | null
  weightGrams: number
  taxMinor: number
  /** What the shopper pays: Σ line gross + shipping gross. */
  totalMinor: number
}

/**
 * Prices a cart. Order of work: line subtotals; discounts allocated over lines (largest remainder);
 * shipping quoted on the discounted subtotal; tax per line on its discounted amount and on shipping,
 * each rounded half up once (divideHalfUp). Every total is the sum of the rounded parts, so lines
 * and shipping add up to `totalMinor` exactly. Throws `validation_failed` for duplicate SKUs or an
 * oversized total, `shipping_method_unavailable` for a method that cannot ship this cart there, and
 * the refusal code of a discount that does not apply. With tax-inclusive prices the gross is what
 * the shopper saw and stays the same wherever the parcel goes: a destination with another rate
 * changes the net and the tax, not the price.
 */
export function computeTotals(input: TotalsInput): Totals {
  if (input.lines.length === 0 || input.lines.length > MAX_ORDER_LINES)
    throw new AppError('validation_failed', `a cart has 1 to ${MAX_ORDER_LINES} lines`)
  if (new Set(input.lines.map((l) => l.sku)).size !== input.lines.length)
    throw new AppError('validation_failed', 'each SKU may appear on one line only')
  const subtotals = input.lines.map((l) => l.unitPriceMinor * l.quantity)
  const subtotalMinor = subtotals.reduce((a, s) => a + s, 0)
  if (subtotalMinor > MAX_MINOR) throw new AppError('validation_failed', 'order total is too large')

  const remaining = [...subtotals]
  const discounts: Totals['discounts'] = []
  for (const d of input.discounts) {
    const lines = input.lines.map((l, i) => ({ ...l, amountMinor: remaining[i] as number }))
    const check = checkDiscount(d, {
      now: input.now,
      currency: input.currency,
      subtotalMinor,
      lines,
    })
    if (!check.ok)
      throw new AppError(check.code, `Discount ${d.code ?? d.id} does not apply`, {
        discountId: d.id,
      })
    const shares = allocateDiscount(d, lines)
    shares.forEach((s, i) => {
      remaining[i] = (remaining[i] as number) - s
    })
    discounts.push({ id: d.id, code: d.code, amountMinor: shares.reduce((a, s) => a + s, 0) })
  }

  const place = input.destination ?? { country: input.tax.originCountry }
  const inclusive = input.tax.pricesIncludeTax
  const lines: PricedLine[] = input.lines.map((l, i) => {
    const taxRatePpm = rateFor(input.tax, place, l.taxClass)
    const amount = remaining[i] as number
    return {
      ...l,
      subtotalMinor: subtotals[i] as number,
      discountMinor: (subtotals[i] as number) - amount,
      taxRatePpm,
      ...splitTax(amount, taxRatePpm, inclusive),
    }
  })
  const weightGrams = input.lines.reduce((a, l) => a + (l.weightGrams ?? 0) * l.quantity, 0)
  const shipping = priceShipping(input, lines, weightGrams)

  const sum = (f: (x: { taxMinor: number; grossMinor: number }) => number) =>
    lines.reduce((a, l) => a + f(l), 0) + (shipping ? f(shipping) : 0)
  const totalMinor = sum((x) => x.grossMinor)
  if (totalMinor > MAX_MINOR) throw new AppError('validation_failed', 'order total is too large')
  return {
    currency: input.currency,
    pricesIncludeTax: inclusive,
    lines,
    subtotalMinor,
    discountMinor: discounts.reduce((a, d) => a + d.amountMinor, 0),
    discounts,
    shipping,
    weightGrams,
    taxMinor: sum((x) => x.taxMinor),
    totalMinor,
  }
}

/**
 * The shipping methods open to this cart at its destination, priced exactly as `computeTotals`
 * will charge them (same discounted subtotal, same weight): what checkout offers the shopper.
 */
export function quoteCart(
  input: Omit<TotalsInput, 'shipping'>,
  zones: readonly ShippingZone[],
): ShippingQuote[] {
  if (!input.destination) return []
  const t = computeTotals({ ...input, shipping: null })
  const subtotalMinor = t.lines.reduce((a, l) => a + l.subtotalMinor - l.discountMinor, 0)
  return quoteShipping(zones, {
    country: input.destination.country,
    subtotalMinor,
    weightGrams: t.weightGrams,
  })
}

function priceShipping(
  input: TotalsInput,
  lines: readonly PricedLine[],
  weightGrams: number,
): Totals['shipping'] {
  if (!input.shipping) return null
  const { methodId } = input.shipping
  const country = input.destination?.country
  const afterDiscounts = lines.reduce((a, l) => a + l.subtotalMinor - l.discountMinor, 0)
  const quote = country
    ? quoteShipping(input.shipping.zones, {
        country,
        subtotalMinor: afterDiscounts,
        weightGrams,
      }).find((q) => q.methodId === methodId)
    : undefined
  if (!quote)
    throw new AppError(
      'shipping_method_unavailable',
      `Shipping method ${methodId} does not ship this cart there`,
      { methodId },
    )
  const place = input.destination ?? { country: input.tax.originCountry }
  return {
    methodId,
    name: quote.name,
    amountMinor: quote.amountMinor,
    ...shippingTax(input.tax, place, quote.amountMinor, lines),
  }
}
