/** @module Rebuilds the search index from the database, page by page. */
import { buildSearchDocuments } from '#domain/catalog/search-document'
import type { Ports } from '#objects/shared/ports'

const PAGE = 100

/**
 * Empties the index, then indexes every active product in id order. Writes that land meanwhile
 * still reach the index through their events; the index's version check keeps the newer one.
 */
export async function reindex(ports: Ports): Promise<{ indexed: number }> {
  await ports.search.clear()
  let indexed = 0
  let cursor: string | undefined
  do {
    const page = await ports.database.catalog.list({ status: 'active', limit: PAGE, cursor })
    // One batched counters read per page, not one per product and variant.
    const documents = await buildSearchDocuments(page.items, ports.counters)
    if (documents.length) await ports.search.upsert(documents)
    indexed += documents.length
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return { indexed }
}
