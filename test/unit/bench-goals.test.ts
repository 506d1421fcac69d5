/**
 * @module The bench's goals are judged on exact ratios: a figure that rounds to the target but
 * falls short of it is a miss, and the verdict shows enough decimals to say so.
 */
import { describe, expect, it } from 'vitest'
import { evaluateGoals, shown } from '#bench/report/goals'
import type { CheckoutResults } from '#bench/scenarios/checkout'
import type { ScenarioResult } from '#bench/scenarios/reads'

const figures = (requestsPerSecond: number, p50Ms = 10, p99Ms = 50) => ({
  requestsPerSecond,
  p50Ms,
  p99Ms,
})
const scenario = (id: string, rps: number, ok?: number): ScenarioResult =>
  ({ id, title: id, figures: figures(rps), successPerSecond: ok }) as ScenarioResult

function goals(sale100: number, sequentialP50: number) {
  const scenarios = [
    scenario('ceiling', 1514.29),
    scenario('hot-read', 1400),
    scenario('search', 1000),
    scenario('sale-1', 290, 290),
    scenario('sale-100', sale100, sale100),
    scenario('sale-sharded', 150, 150),
  ]
  const checkout = {
    sequential: { p50Ms: sequentialP50, p99Ms: 20, ceilingP50Ms: 1.5, ceilingP99Ms: 10 },
  } as CheckoutResults
  const all = evaluateGoals(scenarios, scenario('baseline', 1500, 1500), checkout)
  const find = (text: string) => all.find((g) => g.goal.includes(text))
  return { spread: find('100-SKU spread ≥ 0.18×'), sequential: find('sequential checkout') }
}

describe('evaluateGoals', () => {
  it('misses 0.18× at 0.1796×, which rounds to 0.180, and shows 0.1796', () => {
    const { spread } = goals(272.03, 6)
    expect(spread?.met).toBe(false)
    expect(spread?.actual).toBe(0.1796)
    expect(spread?.verdict).toContain('0.1796×')
  })

  it('meets 0.18× at 0.1805× and shows three decimals', () => {
    const { spread } = goals(273.33, 6)
    expect(spread?.met).toBe(true)
    expect(spread?.actual).toBe(0.181)
  })

  it('misses an at-most goal just above it (4.0003× against 4×)', () => {
    const { sequential } = goals(300, 6.0004)
    expect(sequential?.met).toBe(false)
    expect(sequential?.actual).toBe(4.0003)
  })
})

describe('shown', () => {
  it('keeps three decimals when they fall on the exact side of the target', () => {
    expect(shown(0.19234, 0.15)).toBe(0.192)
    expect(shown(0.15, 0.15)).toBe(0.15)
  })
})
