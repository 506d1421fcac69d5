/** @module Versioned documents on Meilisearch: how an older version never overwrites a newer one. */

/*
 * Meilisearch applies writes through an asynchronous task queue, in order, and has no conditional
 * write: an add replaces whatever holds the same primary key. A read-then-write guard alone races:
 * two writers read the same old state, enqueue v5 then v4, and v4 wins. So across versions the
 * index never overwrites. Each version is its own document, keyed by (product, rank) with
 * rank = 2 × version + 1 for a tombstone, + 0 for a live document: a tombstone outranks the live
 * document of its version, and an equal version shares its key, so it replaces in place.
 * A write (upsert or remove):
 *   1. reads each product's highest rank and drops entries below it (the usual stale case: no
 *      write at all);
 *   2. adds the rest and waits for the task;
 *   3. reads those products again and deletes, by filter, every rank below the highest it sees,
 *      and waits.
 * Step 3 runs after the writer's own add was applied, so the writer whose add is last in the queue
 * sees every rank ever added for that product and deletes all but the highest. Deletes only remove
 * ranks below one that exists, so the highest is never removed. Whatever the interleaving of
 * writers, once they are done only the highest rank is left. Between steps 2 and 3 two versions
 * may coexist: `distinctAttribute: productId` shows one of them (either, until step 3 runs) and
 * counts the product once in facets; searches never show tombstones (`deleted = false`); stats()
 * may count such a product twice. A writer that dies between 2 and 3 leaves the older version
 * until the next write of that product runs step 3 (the consumer's retry does, as does a reindex).
 */

import type { SearchDocument } from '#domain/ports/search'

/** What the `products` index holds for one version of one product. */
export interface IndexedDocument {
  /** The primary key: the product and the rank, see versionKey(). */
  id: string
  productId: string
  version: number
  rank: number
  deleted: boolean
  /** Unix ms when this adapter wrote it: stats().lastUpdatedAt. */
  indexedAt: number
}

/** A live product document: the product's fields under `productId`, plus the version fields. */
export type LiveDocument = IndexedDocument & Omit<SearchDocument, 'id'>

/** Orders every write of a product: later versions higher, a remove above an upsert of its version. */
export function rankOf(version: number, deleted: boolean): number {
  return version * 2 + (deleted ? 1 : 0)
}

/**
 * The primary key of one version of a product. Meilisearch ids allow only `[A-Za-z0-9_-]`, so the
 * product id is hex-encoded (which also keeps distinct ids distinct) and the rank appended.
 */
export function versionKey(productId: string, rank: number): string {
  const hex = [...new TextEncoder().encode(productId)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
  return `${hex}-${rank}`
}

/** The index document of a product at its version. */
export function liveDocument(doc: SearchDocument, now: number): LiveDocument {
  const { id, ...fields } = doc
  const rank = rankOf(doc.version, false)
  return {
    ...fields,
    id: versionKey(id, rank),
    productId: id,
    rank,
    deleted: false,
    indexedAt: now,
  }
}

/** The tombstone of a product removed at `version`. */
export function tombstoneDocument(
  productId: string,
  version: number,
  now: number,
): IndexedDocument {
  const rank = rankOf(version, true)
  return {
    id: versionKey(productId, rank),
    productId,
    version,
    rank,
    deleted: true,
    indexedAt: now,
  }
}

/** One entry per product, the highest rank (the last one given when ranks tie). */
export function latestPerProduct<T extends IndexedDocument>(entries: readonly T[]): T[] {
  const latest = new Map<string, T>()
  for (const entry of entries) {
    const seen = latest.get(entry.productId)
    if (!seen || entry.rank >= seen.rank) latest.set(entry.productId, entry)
  }
  return [...latest.values()]
}

/** Per product: its highest rank and how many versions of it the index holds. */
export type RankCensus = Map<string, { highest: number; versions: number }>

/** Counts the versions the index returned for each product. */
export function census(rows: readonly { productId: string; rank: number }[]): RankCensus {
  const out: RankCensus = new Map()
  for (const row of rows) {
    const seen = out.get(row.productId)
    out.set(row.productId, {
      highest: Math.max(seen?.highest ?? row.rank, row.rank),
      versions: (seen?.versions ?? 0) + 1,
    })
  }
  return out
}
