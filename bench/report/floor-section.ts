/**
 * @module results.md's section on the sales against the floor (bench/floor/worker.ts): how much of
 * what the checkout design itself allows on this machine, in this run, the shop's checkout reaches.
 */
import type { ScenarioResult } from '../scenarios/reads'
import { exactRatio, rate } from './goals'

/** Each sale, its floor, and issue 13's target for it as a multiple of the ceiling. */
const PAIRS = [
  { sale: 'sale-1', floor: 'floor-1', what: 'one SKU', target: 0.15 },
  { sale: 'sale-100', floor: 'floor-100', what: '100 SKUs', target: 0.18 },
] as const

/** The floor's figures beside each sale's, or nothing when the run has no floor. */
export function floorFigures(scenarios: readonly ScenarioResult[]) {
  const by = (id: string) => scenarios.find((s) => s.id === id)
  const ceiling = by('ceiling')?.figures?.requestsPerSecond ?? null
  return PAIRS.flatMap(({ sale, floor, what, target }) => {
    const shop = rate(by(sale))
    const bare = rate(by(floor))
    if (shop === null || bare === null) return []
    // Every shop request also passes the pipeline the ceiling route measures (ids, logs, headers,
    // CORS, body limit, the global rate limit, access), which the floor skips. On one thread, an
    // order that costs the floor's time plus a ceiling request's allows this many a second.
    const piped = ceiling === null || bare === 0 ? null : 1 / (1 / bare + 1 / ceiling)
    return [
      {
        sale,
        what,
        shopPerSecond: shop,
        floorPerSecond: bare,
        floorWithPipelinePerSecond: piped,
        shopOfFloor: exactRatio(shop, bare),
        shopOfFloorWithPipeline: exactRatio(shop, piped),
        floorOfCeiling: exactRatio(bare, ceiling),
        targetOfFloorWithPipeline: ceiling === null ? null : exactRatio(target * ceiling, piped),
      },
    ]
  })
}

export function floorSection(scenarios: readonly ScenarioResult[]): string[] {
  const rows = floorFigures(scenarios)
  if (rows.length === 0) return []
  const cell = (n: number | null, digits: number) => (n === null ? '—' : n.toFixed(digits))
  const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n * 100)}%`)
  return [
    '## Sales against the floor',
    '',
    "The floor is issue 13's checkout design with nothing of the shop (bench/floor/worker.ts): per order one Worker request, one call to the shopper's object, one from it to the SKU's object (a conditional decrement and a hold, one commit), then the order and its outbox row in one commit, the event sent after the answer and archived in D1 once; no authentication, validation, prices, settings, limits or middleware. It runs on the same workerd and storage right after the shop's sales, its 1,000 shoppers per sale prepared as theirs (a cart line, then evicted), its sales loaded as theirs. Every request of the shop also passes the pipeline that the ceiling route measures, which the floor skips: \"with the pipeline\" is the rate of orders that each cost the floor's time and one ceiling request's on one thread, 1 ÷ (1/floor + 1/ceiling). Reference figures, not goals; the last column is issue 13's target (× the ceiling) as a share of that rate.",
    '',
    "| sale | the shop's checkout, orders/s | the floor, orders/s | floor ÷ ceiling | the floor with the pipeline, orders/s | shop ÷ floor | shop ÷ floor with the pipeline | issue 13's target ÷ floor with the pipeline |",
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.what} | ${r.shopPerSecond.toFixed(1)} | ${r.floorPerSecond.toFixed(1)} | ${cell(r.floorOfCeiling, 3)}× | ${cell(r.floorWithPipelinePerSecond, 1)} | ${pct(r.shopOfFloor)} | ${pct(r.shopOfFloorWithPipeline)} | ${pct(r.targetOfFloorWithPipeline)} |`,
    ),
    '',
  ]
}
