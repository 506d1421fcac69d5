/**
 * @module The bench's floor figures: each sale beside the floor's run of it, as shares of the floor
 * and of the same run's ceiling, and nothing when a run has no floor.
 */
import { describe, expect, it } from 'vitest'
import { floorFigures, floorSection } from '#bench/report/floor-section'
import type { ScenarioResult } from '#bench/scenarios/reads'

const scenario = (id: string, rps: number, ok?: number): ScenarioResult =>
  ({ id, title: id, figures: { requestsPerSecond: rps }, successPerSecond: ok }) as ScenarioResult

const RUN = [
  scenario('ceiling', 1200),
  scenario('sale-1', 240, 204),
  scenario('sale-100', 250, 216),
  scenario('floor-1', 300, 300),
  scenario('floor-100', 320, 320),
]

describe('floorFigures', () => {
  it('puts each sale beside its floor, the floor beside the ceiling, the target beside the floor', () => {
    const [one, spread] = floorFigures(RUN)
    expect(one).toMatchObject({ sale: 'sale-1', shopPerSecond: 204, floorPerSecond: 300 })
    expect(one?.shopOfFloor).toBeCloseTo(0.68, 10)
    expect(one?.floorOfCeiling).toBeCloseTo(0.25, 10)
    // 0.15 × 1,200 = 180 orders/s, 60% of the floor's 300.
    expect(one?.targetOfFloor).toBeCloseTo(0.6, 10)
    expect(spread?.shopOfFloor).toBeCloseTo(216 / 320, 10)
    expect(spread?.targetOfFloor).toBeCloseTo((0.18 * 1200) / 320, 10)
  })

  it('leaves out a sale whose floor did not run, and gives no section without any', () => {
    const withoutSpread = RUN.filter((s) => s.id !== 'floor-100')
    expect(floorFigures(withoutSpread).map((r) => r.sale)).toEqual(['sale-1'])
    const noFloor = RUN.filter((s) => !s.id.startsWith('floor'))
    expect(floorFigures(noFloor)).toEqual([])
    expect(floorSection(noFloor)).toEqual([])
  })

  it('writes one row per sale with shares rounded to whole per cent', () => {
    const md = floorSection(RUN).join('\n')
    expect(md).toContain('## Sales against the floor')
    expect(md).toContain('| one SKU | 204.0 | 300.0 | 68% | 0.250× | 60% |')
    expect(md).toContain('| 100 SKUs | 216.0 | 320.0 | 68% | 0.267× | 68% |')
  })
})
