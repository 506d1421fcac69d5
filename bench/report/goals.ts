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
    goal('hot read ≥ 80% of the ceiling (issue 15)', 0.8, ratio(hot, ceiling)),
    goal(
      'search ≥ 50% of the ceiling (issue 15)',
      0.5,
      ratio(by('search')?.figures?.requestsPerSecond, ceiling),
    ),
    goalAtMost(
      'search p99 ≤ 10× its p50 (issue 15)',
      10,
      ratio(by('search')?.figures?.p99Ms, by('search')?.figures?.p50Ms),
    ),
    goalAtMost(
      'counter writes per 1,000 hot product reads ≤ 5 (issue 15)',
      5,
      readsFigures(scenarios).counterWritesPer1000,
    ),
    goal(
      'one-SKU flash sale ≥ 3× the baseline successful orders/s, zero oversell',
      3,
      ratio(rate(one), rate(baseline)),
      oversold ? 'oversell detected' : undefined,
    ),
    goal('100-SKU spread ≥ 4× the one-SKU rate', 4, ratio(rate(by('sale-100')), rate(one))),
    goal('sharded ≥ 2× unsharded', 2, ratio(rate(by('sale-sharded')), rate(one))),
    goal(
      'one-SKU flash sale ≥ 0.15× the ceiling, successful orders/s (issue 13)',
      0.15,
      ratio(rate(one), ceiling),
      oversold ? 'oversell detected' : undefined,
    ),
    goalAtMost('one-SKU flash sale p99 ≤ 1,000 ms (issue 13)', 1000, one?.figures?.p99Ms ?? null),
    goal(
      '100-SKU spread ≥ 0.18× the ceiling, successful orders/s (issue 13)',
      0.18,
      ratio(rate(by('sale-100')), ceiling),
    ),
    goalAtMost(
      "sequential checkout p50 ≤ 4× the ceiling's sequential p50 (issue 13)",
      4,
      ratio(checkout?.sequential.p50Ms, checkout?.sequential.ceilingP50Ms),
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

/** A goal where lower is better: met when `actual` is at most `target`. */
function goalAtMost(name: string, target: number, actual: number | null): Goal {
  if (actual === null)
    return { goal: name, target, actual, met: null, verdict: 'not measurable in this run' }
  const met = actual <= target
  const verdict = met
    ? `met (${actual} vs at most ${target})`
    : `missed: ${actual} vs at most ${target}`
  return { goal: name, target, actual, met, verdict }
}

/** a / b, or null when either is unknown. */
export function ratio(a: number | null | undefined, b: number | null | undefined) {
  if (a == null || b == null || b === 0) return null
  return Math.round((a / b) * 1000) / 1000
}

function goal(name: string, target: number, actual: number | null, failure?: string): Goal {
  if (actual === null)
    return { goal: name, target, actual, met: null, verdict: 'not measurable in this run' }
  const met = actual >= target && !failure
  const verdict = failure
    ? `missed: ${failure}`
    : met
      ? `met (${actual}× vs ${target}×)`
      : `missed by ${Math.round((1 - actual / target) * 100)}% (${actual}× vs ${target}×)`
  return { goal: name, target, actual, met, verdict }
}
