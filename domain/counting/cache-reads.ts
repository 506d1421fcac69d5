/**
 * @module Product cache outcomes: where each product read was answered from (the isolate's memory,
 * the location's Cache API, KV or the database), counted so operators can see the cache hit ratio.
 */
import type { CounterOp, CountersPort } from '../ports/counters'

/** Where a product read was answered from: `memory`, `edge` and `kv` are cache hits, `db` a miss. */
export const CACHE_READ_SOURCES = ['memory', 'edge', 'kv', 'db'] as const
export type CacheReadSource = (typeof CACHE_READ_SOURCES)[number]

/** The counter of one outcome: `cache:product:memory`, `cache:product:edge`, `…:kv`, `…:db`. */
export function cacheReadKey(source: CacheReadSource): string {
  return `cache:product:${source}`
}

/** Reads per outcome since the counters store was new, with hits, misses and their ratio. */
export interface CacheReadCounts {
  memory: number
  edge: number
  kv: number
  db: number
  hits: number
  misses: number
  /** hits / (hits + misses); null before the first counted read. */
  ratio: number | null
}

/** The increment one read adds to its outcome (added up in memory and flushed per interval). */
export function cacheReadOp(source: CacheReadSource): CounterOp {
  return { kind: 'incr', key: cacheReadKey(source), by: 1 }
}

/** The counted outcomes and the hit ratio they give. */
export async function readCacheReads(counters: CountersPort): Promise<CacheReadCounts> {
  const [memory = 0, edge = 0, kv = 0, db = 0] = await counters.getMany(
    CACHE_READ_SOURCES.map(cacheReadKey),
  )
  const hits = memory + edge + kv
  const total = hits + db
  return { memory, edge, kv, db, hits, misses: db, ratio: total === 0 ? null : hits / total }
}
