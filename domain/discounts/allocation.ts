/** @module How much a discount takes off and how that amount is spread over the lines, exactly. */
import { allocate, mulDivHalfUp } from '../money/rounding'
import { type Discount, type DiscountableLine, targets } from './discount'

/**
 * The discount's share of each line, in line order. The amount is computed once for all the lines
 * it targets (a percentage rounded half up, a fixed amount capped at what those lines cost) and then
 * allocated over them by largest remainder in proportion to their amounts, so the shares sum to
 * the amount exactly and no line goes below zero. Lines it does not target get 0.
 */
export function allocateDiscount(discount: Discount, lines: readonly DiscountableLine[]): number[] {
  const weights = lines.map((l) => (targets(discount, l) ? l.amountMinor : 0))
  const eligible = weights.reduce((a, w) => a + w, 0)
  const amount =
    discount.value.kind === 'percentage'
      ? mulDivHalfUp(eligible, discount.value.basisPoints, 10_000)
      : Math.min(discount.value.amountMinor, eligible)
  return allocate(amount, weights)
}
