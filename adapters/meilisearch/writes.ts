/** @module The versioned write sequence of versioning.ts, run against the `products` index. */
import type { Index } from 'meilisearch'
import { assertSucceeded } from './errors'
import { productsFilter, staleFilter } from './filter'
import { census, type IndexedDocument, latestPerProduct, type RankCensus } from './versioning'

/** Products per batch: keeps each `productId IN […]` filter and each task small. */
const BATCH = 100
/** Documents per census page. */
const PAGE = 1_000

/**
 * Writes live documents and tombstones so that no older version ever replaces a newer one:
 * one entry per product (the highest rank), then steps 1–3 of versioning.ts per batch. Resolves
 * once every task it enqueued has succeeded; throws the client's error or a failed task's.
 */
export async function writeVersions(index: Index, entries: IndexedDocument[]): Promise<void> {
  const latest = latestPerProduct(entries)
  for (let i = 0; i < latest.length; i += BATCH) {
    await writeBatch(index, latest.slice(i, i + BATCH))
  }
}

async function writeBatch(index: Index, entries: IndexedDocument[]): Promise<void> {
  // 1. Drop what the index already holds a higher rank of: the usual stale case writes nothing.
  const before = await rankCensus(
    index,
    entries.map((e) => e.productId),
  )
  const fresh = entries.filter((e) => e.rank >= (before.get(e.productId)?.highest ?? -1))
  if (fresh.length === 0) return
  // 2. Add the rest and wait, so the census below sees this write.
  assertSucceeded(await index.addDocuments(fresh).waitTask(), 'add documents')
  // 3. Delete every rank below the highest now present, whoever wrote it.
  const after = await rankCensus(
    index,
    fresh.map((e) => e.productId),
  )
  const older = new Map<string, number>()
  for (const [productId, c] of after) if (c.versions > 1) older.set(productId, c.highest)
  if (older.size === 0) return
  const task = await index.deleteDocuments({ filter: staleFilter(older) }).waitTask()
  assertSucceeded(task, 'delete older versions')
}

/** Every version the index holds of these products, paged through in full. */
async function rankCensus(index: Index, productIds: string[]): Promise<RankCensus> {
  const rows: { productId: string; rank: number }[] = []
  for (let offset = 0; ; offset += PAGE) {
    const page = await index.getDocuments<{ productId: string; rank: number }>({
      filter: productsFilter(productIds),
      fields: ['productId', 'rank'],
      limit: PAGE,
      offset,
    })
    rows.push(...page.results)
    if (offset + PAGE >= page.total) return census(rows)
  }
}
