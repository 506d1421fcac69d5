/** @module The stock hint's exact band (STOCK_HINT_EXACT_UNITS), apart so Node code can read it. */

/**
 * Default of STOCK_HINT_EXACT_UNITS: the stock hint is written at every change that leaves it
 * (or finds it) at or below this many units. It must be at least the consumer's
 * LOW_STOCK_THRESHOLD (5 by default), which stock.low compares the hint with.
 */
export const DEFAULT_EXACT_UNITS = 20

/** STOCK_HINT_EXACT_UNITS as a positive integer, else the default. */
export function exactUnits(env: { STOCK_HINT_EXACT_UNITS?: string }): number {
  const n = Number(env.STOCK_HINT_EXACT_UNITS)
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_EXACT_UNITS
}
