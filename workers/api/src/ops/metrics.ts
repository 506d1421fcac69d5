/** @module What GET /v1/ops/metrics measures, each figure on its own so one failing store hides no other. */
import { type CacheReadCounts, readCacheReads } from '#domain/counting/cache-reads'
import { type OutboxBacklog, readOutboxBacklog } from '#domain/counting/outbox-backlog'
import { errorMessage } from '#domain/log'
import type { Ports } from '#objects/shared/ports'

// A store that has not answered by then is reported as unavailable: metrics matter most in outages.
const TIMEOUT_MS = 2_000

/** A figure, or why it could not be read. */
export type Measured<T> = T | { error: string }

/** The operations report. */
export interface OpsMetrics {
  measuredAt: number
  deadLetters: Measured<{ count: number }>
  archive: Measured<{ adapter: string; orders: number }>
  search: Measured<{
    adapter: string
    indexedDocuments: number
    activeProducts: number
    /** Active products the index lacks (negative: documents of products no longer active). */
    missingDocuments: number
    indexUpdatedAt: number | null
    catalogUpdatedAt: number | null
    /** How much newer the catalog's last change is than the index's last write; 0 when caught up. */
    indexBehindMs: number
  }>
  /**
   * Where product reads were answered from since the counters store was new: the isolate's memory
   * (`memory`), the location's Cache API (`edge`) and KV are hits, the database a miss. Counted
   * best effort, after each read.
   */
  cache: Measured<CacheReadCounts & { adapter: string }>
  /**
   * Order events waiting in some order object's outbox because their send to the queue failed
   * (`pending`), with the totals it comes from; sends that succeed at once are not counted.
   */
  outbox: Measured<OutboxBacklog & { adapter: string }>
  /** Figures this deployment cannot measure honestly, and why. */
  notMeasured: Record<string, string>
}

const NOT_MEASURED = {
  liveOrdersNotArchived:
    'Order objects cannot be enumerated; each shopper’s unarchived orders are tracked in their Cart object, not globally.',
}

/** Reads every figure at once. */
export async function measure(ports: Ports): Promise<OpsMetrics> {
  const { database, search, counters } = ports
  const [deadLetters, archive, searchLag, cache, outbox] = await Promise.all([
    settle(async () => ({ count: await database.deadLetters.count() })),
    settle(async () => ({
      adapter: database.adapter,
      orders: await database.archive.countOrders(),
    })),
    settle(async () => {
      const [stats, summary] = await Promise.all([search.stats(), database.catalog.summary()])
      const behind =
        summary.lastUpdatedAt === null
          ? 0
          : Math.max(0, summary.lastUpdatedAt - (stats.lastUpdatedAt ?? 0))
      return {
        adapter: search.adapter,
        indexedDocuments: stats.documents,
        activeProducts: summary.active,
        missingDocuments: summary.active - stats.documents,
        indexUpdatedAt: stats.lastUpdatedAt,
        catalogUpdatedAt: summary.lastUpdatedAt,
        indexBehindMs: behind,
      }
    }),
    settle(async () => ({ adapter: counters.adapter, ...(await readCacheReads(counters)) })),
    settle(async () => ({ adapter: counters.adapter, ...(await readOutboxBacklog(counters)) })),
  ])
  return {
    measuredAt: Date.now(),
    deadLetters,
    archive,
    search: searchLag,
    cache,
    outbox,
    notMeasured: NOT_MEASURED,
  }
}

async function settle<T>(read: () => Promise<T>): Promise<Measured<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)
  })
  try {
    return await Promise.race([read(), timeout])
  } catch (err) {
    return { error: errorMessage(err) }
  } finally {
    clearTimeout(timer)
  }
}
