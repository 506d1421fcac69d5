/** @module Tests of counting product cache outcomes and reading the hit ratio back. */
import { describe, expect, it } from 'vitest'
import type { CountersPort } from '../ports/counters'
import { cacheReadKey, cacheReadOp, readCacheReads } from './cache-reads'

/** A counters store of incrBy and getMany over a map. */
function memoryCounters() {
  const values = new Map<string, number>()
  const store = {
    incrBy: async (key: string, by: number) => {
      values.set(key, (values.get(key) ?? 0) + by)
      return values.get(key) as number
    },
    getMany: async (keys: readonly string[]) => keys.map((k) => values.get(k) ?? 0),
  }
  return { values, counters: store as unknown as CountersPort }
}

describe('cache reads', () => {
  it('counts each outcome under its own key and reads memory, edge and KV as hits, the database as misses', async () => {
    const { values, counters } = memoryCounters()
    for (const source of ['memory', 'edge', 'edge', 'kv', 'db'] as const) {
      const op = cacheReadOp(source)
      await counters.incrBy(op.key, op.by)
    }
    expect(Object.fromEntries(values)).toEqual({
      [cacheReadKey('memory')]: 1,
      [cacheReadKey('edge')]: 2,
      [cacheReadKey('kv')]: 1,
      [cacheReadKey('db')]: 1,
    })
    expect(await readCacheReads(counters)).toEqual({
      memory: 1,
      edge: 2,
      kv: 1,
      db: 1,
      hits: 4,
      misses: 1,
      ratio: 0.8,
    })
  })

  it('has no ratio before the first read', async () => {
    expect((await readCacheReads(memoryCounters().counters)).ratio).toBeNull()
  })
})
