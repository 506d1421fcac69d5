/** @module Tax settings of a store: rates per country and region, tax classes, inclusive or exclusive prices. */
import { z } from 'zod'
import { CountryCode } from '../address/address'
import { mulDivHalfUp } from '../money/rounding'

/** The tax class of a product: the standard rate, the reduced rate (food, books), or zero-rated. */
export const TAX_CLASSES = ['standard', 'reduced', 'zero'] as const
export type TaxClass = (typeof TAX_CLASSES)[number]

/** A rate in parts per million: 20% is 200_000, New York's 8.875% is 88_750. */
const Ppm = z.number().int().min(0).max(1_000_000)

/**
 * The rates of one country, or of one region of it (a US state, a CA province) where they differ.
 * Zero-rated products are always 0. Rates are the merchant's to keep current; the shop ships none.
 */
export const TaxRate = z.strictObject({
  country: CountryCode,
  region: z.string().trim().toUpperCase().min(1).max(50).optional(),
  standardPpm: Ppm,
  reducedPpm: Ppm,
})
export type TaxRate = z.infer<typeof TaxRate>

/**
 * A store's tax settings. `pricesIncludeTax`: catalog prices are gross (EU VAT style, the tax is
 * carved out of them) or net (US style, the tax is added on top). `shipping`: shipping is taxed at
 * one class's rate of the destination, or `proportional` (the EU rule for ancillary costs: split
 * over the lines in proportion to their amounts and taxed at each line's rate). `originCountry`
 * prices a cart that has no address yet.
 */
export const TaxSettings = z
  .strictObject({
    pricesIncludeTax: z.boolean(),
    originCountry: CountryCode,
    shipping: z.enum([...TAX_CLASSES, 'proportional']),
    rates: z.array(TaxRate).max(500),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>()
    s.rates.forEach((r, i) => {
      const key = `${r.country}/${r.region ?? ''}`
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['rates', i], message: `duplicate rate ${key}` })
      seen.add(key)
    })
  })
export type TaxSettings = z.infer<typeof TaxSettings>

/** Where tax is owed: a country and, where it matters, its region. */
export interface TaxPlace {
  country: string
  region?: string | undefined
}

/**
 * The rate of `taxClass` at `place`: the region's own rate where the store has one, else the
 * country's, else 0 (the store collects no tax there).
 */
export function rateFor(settings: TaxSettings, place: TaxPlace, taxClass: TaxClass): number {
  if (taxClass === 'zero') return 0
  const rate =
    (place.region &&
      settings.rates.find((r) => r.country === place.country && r.region === place.region)) ||
    settings.rates.find((r) => r.country === place.country && r.region === undefined)
  if (!rate) return 0
  return taxClass === 'standard' ? rate.standardPpm : rate.reducedPpm
}

/** Net, tax and gross of one amount, in minor units; net + tax = gross always. */
export interface TaxSplit {
  netMinor: number
  taxMinor: number
  grossMinor: number
}

/**
 * Splits `amountMinor` at `ratePpm`, rounding the tax half up (see divideHalfUp). An inclusive
 * amount is the gross and the tax is carved out of it (gross·r/(1+r)); an exclusive amount is the
 * net and the tax is added (net·r).
 */
export function splitTax(
  amountMinor: number,
  ratePpm: number,
  pricesIncludeTax: boolean,
): TaxSplit {
  if (pricesIncludeTax) {
    const taxMinor = mulDivHalfUp(amountMinor, ratePpm, 1_000_000 + ratePpm)
    return { netMinor: amountMinor - taxMinor, taxMinor, grossMinor: amountMinor }
  }
  const taxMinor = mulDivHalfUp(amountMinor, ratePpm, 1_000_000)
  return { netMinor: amountMinor, taxMinor, grossMinor: amountMinor + taxMinor }
}
