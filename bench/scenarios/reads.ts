/** @module Read scenarios: the ceiling (the cheapest route of the bundle), a hot product, search. */
import type { DiskWindow } from '../disk'
import { type LoadFigures, load, round } from '../load'
import { writesBetween } from './counter-writes'

/** A scenario's outcome: figures when it ran, or why it could not. */
export interface ScenarioResult {
  id: string
  title: string
  figures?: LoadFigures
  /** Successful operations per second when that differs from requests per second. */
  successPerSecond?: number
  notAvailable?: string
  invariants?: Record<string, boolean | number | string>
  note?: string
  /**
   * The same requests as the request log timed them inside the Worker (bench/serve.ts
   * RequestLog), when the scenario watched it: beside `figures`, which the client measured.
   */
  inWorker?: { requests: number; p50Ms: number; p99Ms: number }
  /** The disk under the objects' files during the load, when the scenario read it. */
  disk?: DiskWindow
}

/** Seconds of unrecorded load before each measurement: caches filled, objects awake. */
const WARMUP = 2

// Candidates for the ceiling: both pass the whole middleware pipeline; health also pings ports.
const CEILING_CANDIDATES = ['/v1/bench-no-such-route', '/v1/health']

/** Probes each candidate briefly and runs the full measurement on the fastest. */
export async function ceiling(url: string, seconds: number): Promise<ScenarioResult> {
  const probes: Record<string, number> = {}
  for (const path of CEILING_CANDIDATES) {
    const f = await load({ url: `${url}${path}`, duration: 3 }, [404])
    probes[path] = f.requestsPerSecond
  }
  const [path] = Object.entries(probes).sort((a, b) => b[1] - a[1])[0] ?? []
  const figures = await load({ url: `${url}${path}`, duration: seconds }, [404], WARMUP)
  return {
    id: 'ceiling',
    title: `Ceiling: GET ${path}`,
    figures,
    note: `lightest of ${Object.entries(probes)
      .map(([p, rps]) => `${p} (${rps} req/s in a 3 s probe)`)
      .join(
        ', ',
      )}; a 404 runs the full pipeline (ids, logs, headers, CORS, body limit, ports, global rate limit, access) and the error envelope`,
  }
}

/** Counts the counters store's key writes; see counter-writes.ts. */
export type CounterMeter = () => Promise<Map<string, number>>

/**
 * Runs `path` under load after an unrecorded warm-up, and counts the counter writes the measured
 * requests caused: the meter is read before them, then once more after the counting interval has
 * passed and one more request has flushed what the isolate still held, so every count the
 * measured requests added is written (or was lost) by then.
 */
async function measureWithWrites(
  url: string,
  path: string | ((n: number) => string),
  seconds: number,
  meter: CounterMeter,
  flushSeconds: number,
) {
  let n = 0
  const at = () => (typeof path === 'string' ? path : path(n++))
  const opts = {
    url: `${url}${at()}`,
    requests: [{ setupRequest: (req: object) => ({ ...req, path: at() }) }],
  }
  await load({ ...opts, duration: WARMUP })
  const before = await meter()
  const figures = await load({ ...opts, duration: seconds })
  await new Promise((r) => setTimeout(r, (flushSeconds + 1) * 1000))
  await fetch(`${url}${at()}`).then((r) => r.arrayBuffer())
  await new Promise((r) => setTimeout(r, 500))
  const writes = writesBetween(before, await meter())
  const per1000 = round((writes / (figures.total + 1)) * 1000)
  return { figures, writes, per1000 }
}

/** The same product read again and again: Cache API after the first request. */
export async function hotRead(
  url: string,
  seconds: number,
  id: string,
  meter: CounterMeter,
  flushSeconds: number,
): Promise<ScenarioResult> {
  const path = `/v1/products/${id}`
  const run = await measureWithWrites(url, path, seconds, meter, flushSeconds)
  return {
    id: 'hot-read',
    title: `Hot product read: GET ${path}`,
    figures: run.figures,
    invariants: { counterWrites: run.writes, counterWritesPer1000: run.per1000 },
    note: `${run.writes} counter writes for ${run.figures.total + 1} reads (counted by the Counters objects; views and cache outcomes flushed every ${flushSeconds} s)`,
  }
}

/** Search, rotating a few realistic queries: the location's search cache, then the FTS5 index. */
export async function search(
  url: string,
  seconds: number,
  meter: CounterMeter,
  flushSeconds: number,
): Promise<ScenarioResult> {
  const queries = ['trail runner', 'jacket', 'espresso', 'northwind bag', 'headphones']
  const path = (n: number) =>
    `/v1/search?q=${encodeURIComponent(queries[n % queries.length] ?? '')}`
  const run = await measureWithWrites(url, path, seconds, meter, flushSeconds)
  return {
    id: 'search',
    title: 'Search: GET /v1/search?q=… (5 queries rotated)',
    figures: run.figures,
    invariants: { counterWrites: run.writes, counterWritesPer1000: run.per1000 },
  }
}
