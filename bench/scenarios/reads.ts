/** @module Read scenarios: the ceiling (the cheapest route of the bundle), a hot product, search. */
import { type LoadFigures, load } from '../load'

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

/** The same product read again and again: Cache API after the first request. */
export async function hotRead(url: string, seconds: number, id: string): Promise<ScenarioResult> {
  const figures = await load({ url: `${url}/v1/products/${id}`, duration: seconds }, [], WARMUP)
  return { id: 'hot-read', title: `Hot product read: GET /v1/products/${id}`, figures }
}

/** Search over the embedded FTS5 index, rotating a few realistic queries. */
export async function search(url: string, seconds: number): Promise<ScenarioResult> {
  const queries = ['trail runner', 'jacket', 'espresso', 'northwind bag', 'headphones']
  let n = 0
  const figures = await load(
    {
      url: `${url}/v1/search`,
      duration: seconds,
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            path: `/v1/search?q=${encodeURIComponent(queries[n++ % queries.length] ?? '')}`,
          }),
        },
      ],
    },
    [],
    WARMUP,
  )
  return {
    id: 'search',
    title: 'Search: GET /v1/search?q=… (5 queries rotated)',
    figures,
  }
}
