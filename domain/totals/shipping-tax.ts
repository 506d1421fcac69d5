/** @module The tax on shipping, by the store's rule: one class's rate, or proportional to the lines. */
import { allocate } from '../money/rounding'
import { rateFor, splitTax, type TaxPlace, type TaxSettings, type TaxSplit } from '../tax/rates'

/**
 * Splits the shipping amount into net, tax and gross. With a class rule it is taxed at that class's
 * rate at the destination. With `proportional` it is allocated over the lines in proportion to their
 * discounted amounts (largest remainder), each part taxed at its line's rate and rounded half up
 * like a line; with no amount left on any line it falls back to the standard rate.
 */
export function shippingTax(
  settings: TaxSettings,
  place: TaxPlace,
  amountMinor: number,
  lines: readonly { netMinor: number; taxMinor: number; grossMinor: number; taxRatePpm: number }[],
): TaxSplit {
  const inclusive = settings.pricesIncludeTax
  const rule = settings.shipping
  const weights = lines.map((l) => (inclusive ? l.grossMinor : l.netMinor))
  if (rule !== 'proportional' || weights.every((w) => w === 0))
    return splitTax(
      amountMinor,
      rateFor(settings, place, rule === 'proportional' ? 'standard' : rule),
      inclusive,
    )
  const parts = allocate(amountMinor, weights).map((part, i) =>
    splitTax(part, lines[i]?.taxRatePpm ?? 0, inclusive),
  )
  return {
    netMinor: parts.reduce((a, p) => a + p.netMinor, 0),
    taxMinor: parts.reduce((a, p) => a + p.taxMinor, 0),
    grossMinor: parts.reduce((a, p) => a + p.grossMinor, 0),
  }
}
