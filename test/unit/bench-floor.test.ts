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
  it('puts each sale beside its floor, with and without the pipeline every request pays', () => {
    const [one, spread] = floorFigures(RUN)
    expect(one).toMatchObject({ sale: 'sale-1', shopPerSecond: 204, floorPerSecond: 300 })
    expect(one?.shopOfFloor).toBeCloseTo(0.68, 10)
    expect(one?.floorOfCeiling).toBeCloseTo(0.25, 10)
    // An order at the floor's 1/300 s plus a ceiling request's 1/1,200 s: 240 a second.
    expect(one?.floorWithPipelinePerSecond).toBeCloseTo(240, 10)
    expect(one?.shopOfFloorWithPipeline).toBeCloseTo(204 / 240, 10)
    // 0.15 × 1,200 = 180 orders/s, 75% of 240.
    expect(one?.targetOfFloorWithPipeline).toBeCloseTo(0.75, 10)
    expect(spread?.shopOfFloor).toBeCloseTo(216 / 320, 10)
    expect(spread?.floorWithPipelinePerSecond).toBeCloseTo(1 / (1 / 320 + 1 / 1200), 10)
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
    expect(md).toContain('| one SKU | 204.0 | 300.0 | 0.250× | 240.0 | 68% | 85% | 75% |')
    // 1 / (1/320 + 1/1200) = 252.6; 216 of it is 86%, 0.18 × 1,200 = 216 too.
    expect(md).toContain('| 100 SKUs | 216.0 | 320.0 | 0.267× | 252.6 | 68% | 86% | 86% |')
  })
})
