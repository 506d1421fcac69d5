/** @module The checkout section of results.md: sequential latency, operations per order, cost. */
import type { CheckoutResults, MeterCounts, SplitLatency } from '../scenarios/checkout'
import { CHECKOUT_NOTE } from '../scenarios/checkout'
import { COST_EXCLUSIONS, PRICE_SOURCE, PRICES_USD_PER_MILLION } from './prices'

const COUNTS: [keyof MeterCounts & string, string][] = [
  ['objectCalls', 'object calls (RPCs on Durable Object stubs)'],
  ['objectsCreated', 'objects created (new, empty storage)'],
  ['objectsStarted', 'objects started (constructor runs, incl. after idle eviction)'],
  ['sqlStatements', 'SQLite statements'],
  ['sqlRowsRead', 'SQLite rows read'],
  ['sqlRowsWritten', 'SQLite rows written'],
  ['alarmWrites', 'alarm writes (setAlarm/deleteAlarm)'],
  ['alarmRuns', 'alarm runs'],
  ['kvReads', 'KV reads'],
  ['kvWrites', 'KV writes'],
  ['queueMessages', 'queue messages'],
  ['queueSends', 'queue sends (send or sendBatch calls)'],
  ['dbQueries', 'database queries (D1)'],
  ['counterCommands', 'counter commands (calls to Counters objects)'],
]

const byKey = (m: unknown) =>
  Object.entries((m ?? {}) as Record<string, number>)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')

/** The sequential checkouts by whether the shopper's object was evicted or in memory. */
function splitRows(split: CheckoutResults['sequential']['byShopperObject']): string[] {
  if (!split) return []
  const row = (what: string, { checkouts, p50Ms, p99Ms }: SplitLatency) =>
    checkouts > 0 ? `| ${what}: ${checkouts} | ${p50Ms} | ${p99Ms} |` : `| ${what}: none | — | — |`
  return [
    row("of them, the shopper's object evicted (no request for over 10.5 s)", split.cold),
    row("of them, the shopper's object in memory (a request under 9 s before)", split.warm),
  ]
}

/** The markdown lines of the checkout section, or a line saying why it is missing. */
export function checkoutMarkdown(checkout: CheckoutResults | undefined): string[] {
  if (!checkout) return ['## Checkout', '', 'Not measured in this run.', '']
  const { sequential: s, perOrder, costPerMillionOrdersUsd: cost } = checkout
  const times = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '—')
  const prices = Object.entries(PRICES_USD_PER_MILLION)
    .map(([k, v]) => `${k} $${v}`)
    .join(', ')
  return [
    '## Checkout',
    '',
    '| one request at a time | p50 ms | p99 ms |',
    '|---|---:|---:|',
    `| POST /v1/orders, one SKU (${s.checkouts} checkouts) | ${s.p50Ms} | ${s.p99Ms} |`,
    `| ceiling route, same run (${s.ceilingRequests} requests) | ${s.ceilingP50Ms} | ${s.ceilingP99Ms} |`,
    `| checkout ÷ ceiling | ${times(s.p50Ms, s.ceilingP50Ms)} | ${times(s.p99Ms, s.ceilingP99Ms)} |`,
    ...splitRows(s.byShopperObject),
    '',
    '| operations per checkout | one SKU | three SKUs | one SKU, shipped, with a code and VAT | one SKU, sold out (409) |',
    '|---|---:|---:|---:|---:|',
    ...COUNTS.map(
      ([k, label]) =>
        `| ${label} | ${perOrder.single[k] ?? '—'} | ${perOrder.threeSkus[k] ?? '—'} | ${perOrder.shipped?.[k] ?? '—'} | ${perOrder.soldOut?.[k] ?? '—'} |`,
    ),
    `| object calls by binding | ${byKey(perOrder.single.objectCallsByBinding)} | ${byKey(perOrder.threeSkus.objectCallsByBinding)} | ${byKey(perOrder.shipped?.objectCallsByBinding)} | ${byKey(perOrder.soldOut?.objectCallsByBinding)} |`,
    `| objects created by class | ${byKey(perOrder.single.objectsCreatedByClass)} | ${byKey(perOrder.threeSkus.objectsCreatedByClass)} | ${byKey(perOrder.shipped?.objectsCreatedByClass)} | ${byKey(perOrder.soldOut?.objectsCreatedByClass)} |`,
    `| **cost per million checkouts (USD, list prices)** | **${cost.single}** | **${cost.threeSkus}** | **${cost.shipped ?? '—'}** | **${cost.soldOut ?? '—'}** |`,
    '',
    CHECKOUT_NOTE,
    '',
    `Prices (USD per million, Workers Paid beyond the inclusions, read ${PRICE_SOURCE.readOn} from ${PRICE_SOURCE.pages.join(', ')}): ${prices}. Cost = 1 Worker request + (object calls + alarm runs) × DO requests + SQLite rows + KV reads/writes + 3 queue operations per message. ${COST_EXCLUSIONS}`,
    '',
  ]
}
