/** @module The performance goals, evaluated (reported, never asserted) against one run. */
import type { CheckoutResults } from '../scenarios/checkout'
import type { ScenarioResult } from '../scenarios/reads'

/** One goal: the target ratio, the measured one, and by how much it was missed. */
export interface Goal {
  goal: string
  target: number
  actual: number | null
  met: boolean | null
  verdict: string
}

/** Requests per second of a scenario, or successful operations per second when it has them. */
export function rate(s: ScenarioResult | undefined): number | null {
  if (!s || s.notAvailable) return null
  return s.successPerSecond ?? s.figures?.requestsPerSecond ?? null
}

/** Every goal of issues 7, 13 and 15 that this bench can speak to. */
export function evaluateGoals(
  scenarios: ScenarioResult[],
  baseline: ScenarioResult,
  checkout?: CheckoutResults,
): Goal[] {
  const by = (id: string) => scenarios.find((s) => s.id === id)
  const ceiling = by('ceiling')?.figures?.requestsPerSecond ?? null
  const hot = by('hot-read')?.figures?.requestsPerSecond ?? null
  const one = by('sale-1')
  const oversold = one?.invariants?.['no oversell'] === false
  return [
    goal('hot read ≥ 80% of the ceiling (issue 15)', 0.8, exactRatio(hot, ceiling)),
    goal(
      'search ≥ 50% of the ceiling (issue 15)',
      0.5,
      exactRatio(by('search')?.figures?.requestsPerSecond, ceiling),
    ),
    goalAtMost(
      'search p99 ≤ 10× its p50 (issue 15)',
      10,
      exactRatio(by('search')?.figures?.p99Ms, by('search')?.figures?.p50Ms),
    ),
    goalAtMost(
      'counter writes per 1,000 hot product reads ≤ 5 (issue 15)',
      5,
      readsFigures(scenarios).counterWritesPer1000,
    ),
    goal(
      'one-SKU flash sale ≥ 3× the baseline successful orders/s, zero oversell',
      3,
      exactRatio(rate(one), rate(baseline)),
      oversold ? 'oversell detected' : undefined,
    ),
    goal('100-SKU spread ≥ 4× the one-SKU rate', 4, exactRatio(rate(by('sale-100')), rate(one))),
    goal('sharded ≥ 2× unsharded', 2, exactRatio(rate(by('sale-sharded')), rate(one))),
    goal(
      'one-SKU flash sale ≥ 0.15× the ceiling, successful orders/s (issue 13)',
      0.15,
      exactRatio(rate(one), ceiling),
      oversold ? 'oversell detected' : undefined,
    ),
    goalAtMost('one-SKU flash sale p99 ≤ 1,000 ms (issue 13)', 1000, one?.figures?.p99Ms ?? null),
    goal(
      '100-SKU spread ≥ 0.18× the ceiling, successful orders/s (issue 13)',
      0.18,
      exactRatio(rate(by('sale-100')), ceiling),
    ),
    goalAtMost(
      "sequential checkout p50 ≤ 4× the ceiling's sequential p50 (issue 13)",
      4,
      exactRatio(checkout?.sequential.p50Ms, checkout?.sequential.ceilingP50Ms),
    ),
  ]
}

/** The read path's counting figures (results.json `reads`). */
export function readsFigures(scenarios: ScenarioResult[]) {
  const per1000 = (id: string) => {
    const n = scenarios.find((s) => s.id === id)?.invariants?.counterWritesPer1000
    return typeof n === 'number' ? n : null
  }
  return {
    counterWritesPer1000: per1000('hot-read'),
    searchCounterWritesPer1000: per1000('search'),
  }
}

/** A goal where lower is better: met when `exact` is at most `target`. */
function goalAtMost(name: string, target: number, exact: number | null): Goal {
  if (exact === null)
    return { goal: name, target, actual: exact, met: null, verdict: 'not measurable in this run' }
  const met = exact <= target
  const actual = shown(exact, target)
  const verdict = met
    ? `met (${actual} vs at most ${target})`
    : `missed: ${actual} vs at most ${target}`
  return { goal: name, target, actual, met, verdict }
}

/** a / b to three decimals, or null when either is unknown. */
export function ratio(a: number | null | undefined, b: number | null | undefined) {
  const exact = exactRatio(a, b)
  return exact === null ? null : Math.round(exact * 1000) / 1000
}

/** a / b, unrounded: goals are judged on it, so 0.1796 never passes for 0.18. */
export function exactRatio(a: number | null | undefined, b: number | null | undefined) {
  if (a == null || b == null || b === 0) return null
  return a / b
}

/**
 * `exact` to three decimals, or to as many more (up to six) as it takes for the shown figure to
 * fall on the same side of `target` as the exact one.
 */
export function shown(exact: number, target: number) {
  for (let decimals = 3; decimals < 6; decimals++) {
    const rounded = Math.round(exact * 10 ** decimals) / 10 ** decimals
    if (rounded >= target === exact >= target && rounded <= target === exact <= target)
      return rounded
  }
  return Math.round(exact * 1e6) / 1e6
}

function goal(name: string, target: number, exact: number | null, failure?: string): Goal {
  if (exact === null)
    return { goal: name, target, actual: exact, met: null, verdict: 'not measurable in this run' }
  const met = exact >= target && !failure
  const actual = shown(exact, target)
  const verdict = failure
    ? `missed: ${failure}`
    : met
      ? `met (${actual}× vs ${target}×)`
      : `missed by ${Math.round((1 - actual / target) * 100)}% (${actual}× vs ${target}×)`
  return { goal: name, target, actual, met, verdict }
}
