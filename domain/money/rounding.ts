/** @module Integer money arithmetic: the one rounding rule (half up) and exact allocation. */

/**
 * The rounding rule of every money amount the shop computes: round half up (a tie goes to the
 * larger amount), applied once per line. Half up is what tax authorities prescribe for invoices
 * (EU "commercial rounding", the half-cent rule of US states), so a receipt checked by hand or by
 * an accountant's tool gives the same cents; the upward bias of ties it has is at most half a
 * minor unit per line and is visible on the line that carries it. Amounts are never negative.
 */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) throw new RangeError('divideHalfUp takes n >= 0, d > 0')
  const quotient = numerator / denominator
  return 2n * (numerator % denominator) >= denominator ? quotient + 1n : quotient
}

/** `amount * multiplier / divisor` rounded half up, exact for any safe integers (BigInt inside). */
export function mulDivHalfUp(amount: number, multiplier: number, divisor: number): number {
  return Number(divideHalfUp(BigInt(amount) * BigInt(multiplier), BigInt(divisor)))
}

/**
 * Splits `total` over `weights` in proportion, as whole minor units that sum to `total` exactly
 * (largest remainder: everyone gets the floor of their share, then the units left over go one each
 * to the largest fractional parts, ties to the earlier index, so the result is deterministic).
 * When `total <= sum(weights)` no share exceeds its weight, so a discount never turns a line
 * negative. Weights that sum to zero get nothing, and then `total` must be zero.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0)
    throw new RangeError('total must be a whole amount')
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0))
    throw new RangeError('weights must be whole and not negative')
  const sum = weights.reduce((a, w) => a + BigInt(w), 0n)
  if (sum === 0n) {
    if (total !== 0) throw new RangeError('cannot allocate an amount over zero weights')
    return weights.map(() => 0)
  }
  const t = BigInt(total)
  const shares = weights.map((w) => (t * BigInt(w)) / sum)
  const fractions = weights.map((w, i) => ({ i, rest: (t * BigInt(w)) % sum }))
  let left = Number(t - shares.reduce((a, s) => a + s, 0n))
  fractions.sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1))
  for (const f of fractions) {
    if (left === 0) break
    shares[f.i] = (shares[f.i] as bigint) + 1n
    left--
  }
  return shares.map(Number)
}
