/** @module Writes one run's results to bench/results/: results.json, results.md and chart.svg. */
import { mkdir, writeFile } from 'node:fs/promises'
import { diskSection } from '../disk'
import { cpuSection } from '../machine-cpu'
import type { CheckoutResults } from '../scenarios/checkout'
import type { ScenarioResult } from '../scenarios/reads'
import { describeStorage, type StorageFacts } from '../storage'
import { workerdCpuSection } from '../workerd-cpu'
import { barChart } from './chart'
import { checkoutMarkdown } from './checkout-section'
import { floorFigures, floorSection } from './floor-section'
import { evaluateGoals, rate, ratio, readsFigures } from './goals'

/** Everything a run records. */
export interface RunResults {
  command: string
  finishedAt: string
  wallSeconds: number
  secondsPerScenario: number
  machine: { cpus: number; model: string; node: string }
  /** `workerd --version` of the binary that served the bundles. */
  runtime: string
  /** Where the objects' SQLite files were, and on what file system (bench/storage.ts). */
  storage?: StorageFacts
  /** The shop's database when not the local D1 (BENCH_DATABASE_URL): the catalog and the archive. */
  database?: string
  compatibilityDate: { configured?: string; served: string; newestInThisWorkerd: string }
  scenarios: ScenarioResult[]
  baseline: ScenarioResult
  /** Checkout one at a time and its operations per order (issue 13). */
  checkout?: CheckoutResults
}

const DIR = 'bench/results'

/** Writes the three files and returns the directory. */
export async function writeResults(run: RunResults): Promise<string> {
  const goals = evaluateGoals(run.scenarios, run.baseline, run.checkout)
  await mkdir(DIR, { recursive: true })
  const reads = readsFigures(run.scenarios)
  await writeFile(
    `${DIR}/results.json`,
    `${JSON.stringify({ ...run, reads, goals, floor: floorFigures(run.scenarios) }, null, 2)}\n`,
  )
  const all = [...run.scenarios, run.baseline]
  const bars = all.map((s) => ({
    label: s.id === 'baseline' ? 'baseline (node:http + MySQL)' : s.id,
    value: rate(s),
    unit: s.successPerSecond !== undefined ? 'ok/s' : 'req/s',
    baseline: s.id === 'baseline',
  }))
  await writeFile(
    `${DIR}/chart.svg`,
    barChart('Requests or successful operations per second', bars),
  )
  await writeFile(`${DIR}/results.md`, markdown(run, goals))
  return DIR
}

function markdown(run: RunResults, goals: ReturnType<typeof evaluateGoals>) {
  const ceiling = run.scenarios.find((s) => s.id === 'ceiling')?.figures?.requestsPerSecond
  const base = rate(run.baseline)
  const cell = (n: number | null | undefined, digits = 0) => (n == null ? '—' : n.toFixed(digits))
  const rows = [...run.scenarios, run.baseline].map((s) => {
    const f = s.figures
    const invariants = s.invariants
      ? Object.entries(s.invariants)
          .map(([k, v]) => `${k}: ${v === true ? '✓' : v === false ? '✗' : v}`)
          .join('; ')
      : ''
    if (s.notAvailable) return `| ${s.title} | not available: ${s.notAvailable} ||||||||`
    return `| ${s.title} | ${cell(f?.requestsPerSecond)} | ${cell(s.successPerSecond, 1)} | ${cell(f?.p50Ms)} | ${cell(f?.p99Ms)} | ${f ? f.errors : '—'} | ${cell(ratio(f?.requestsPerSecond, ceiling), 3)} | ${cell(ratio(rate(s), base), 3)} | ${invariants} |`
  })
  const timed = run.scenarios.filter((s) => s.inWorker && s.figures)
  const inWorker = timed.length
    ? [
        '## Sales: time in the Worker beside time at the client',
        '',
        "The same run's checkouts as the api's request log timed them, from its first middleware to its response (what production's logs would show), beside what the client measured, which adds reading the request off its socket, waiting for the isolate and writing the answer. Here one workerd thread runs the api, every object, the queue and the consumer; see the README on what that does to the client's tail.",
        '',
        '| sale | client p50 ms | client p99 ms | in the Worker p50 ms | in the Worker p99 ms | requests logged |',
        '|---|---:|---:|---:|---:|---:|',
        ...timed.map(
          (s) =>
            `| ${s.id} | ${cell(s.figures?.p50Ms)} | ${cell(s.figures?.p99Ms)} | ${cell(s.inWorker?.p50Ms)} | ${cell(s.inWorker?.p99Ms)} | ${s.inWorker?.requests} |`,
        ),
        '',
      ]
    : []
  const disk = diskSection(run.scenarios)
  const notes = [...run.scenarios, run.baseline]
    .filter((s) => s.note)
    .map((s) => `- **${s.id}**: ${s.note}`)
  return [
    '# Bench results',
    '',
    `Reproduce: \`${run.command}\` (from the repository root; ${run.secondsPerScenario} s per scenario, \`BENCH_SECONDS\` changes it).`,
    '',
    `Finished ${run.finishedAt} in ${run.wallSeconds} s on ${run.machine.cpus} × ${run.machine.model}, Node ${run.machine.node}. Production bundles from \`wrangler deploy --dry-run\`, served by Miniflare's API (${run.runtime}) on 127.0.0.1, compatibility date ${run.compatibilityDate.served} (configured ${run.compatibilityDate.configured}; this workerd supports up to ${run.compatibilityDate.newestInThisWorkerd}).${run.storage ? ` Objects' SQLite files in Miniflare's temporary directory under ${describeStorage(run.storage)}.` : ''}${run.database ? ` The shop's database (catalog and archive): ${run.database}.` : ''} Load from autocannon over loopback, same machine.`,
    '',
    '| scenario | req/s | ok/s | p50 ms | p99 ms | errors | × ceiling (req/s) | × baseline (ok/s) | invariants after the run |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    'Errors are non-2xx answers other than the expected 409s (404 for the ceiling route), plus socket errors and timeouts. "× baseline" compares each rate (successful orders/s for sales, messages/s for the archive, else req/s) with the baseline\'s successful orders/s.',
    '',
    '## Goals (reported, not asserted)',
    '',
    '| goal | result |',
    '|---|---|',
    ...goals.map((g) => `| ${g.goal} | ${g.verdict} |`),
    '',
    ...floorSection(run.scenarios),
    ...inWorker,
    ...disk,
    ...cpuSection([...run.scenarios, run.baseline]),
    ...workerdCpuSection(run.scenarios),
    ...checkoutMarkdown(run.checkout),
    '## Notes',
    '',
    ...notes,
    '',
    '![chart](chart.svg)',
    '',
  ].join('\n')
}
