/** @module SearchIndex: the embedded product search index on SQLite FTS5. */
import { DurableObject } from 'cloudflare:workers'
import type { SearchDocument, SearchQuery, SearchResult, SearchStats } from '#domain/ports/search'
import { meterEnv, meterStorage } from '#objects/shared/ops-meter'
import { runSearch } from './query'
import { migrate } from './schema'
import { clearIndex, indexStats, removeDocument, upsertDocuments } from './writes'

/**
 * The product index: one object (named `catalog`) holds the whole catalog, so bm25 statistics,
 * facet counts and totals are exact across every document. Each RPC runs its SQL without awaiting
 * anything, so the object's single thread makes every write atomic with its version check.
 */
export class SearchIndex extends DurableObject {
  private readonly sql: SqlStorage
  /** The index's terms for typo expansion; read lazily and dropped on every write. */
  private vocabulary: string[] | null = null

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, meterEnv(env) as never)
    meterStorage(ctx, env, 'SearchIndex', this)
    this.sql = ctx.storage.sql
    ctx.blockConcurrencyWhile(async () => {
      migrate(this.sql)
    })
  }

  /** Answers when the index can be queried; returns the number of indexed documents. */
  ping(): number {
    return this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM docs').one().n
  }

  /** Applies the documents that are not older than what the index holds; returns how many. */
  upsert(documents: SearchDocument[]): number {
    const applied = this.ctx.storage.transactionSync(() =>
      upsertDocuments(this.sql, documents, Date.now()),
    )
    if (applied > 0) this.vocabulary = null
    return applied
  }

  /** Removes the document unless it is newer than `version`, leaving a tombstone. */
  remove(id: string, version: number): boolean {
    const changed = this.ctx.storage.transactionSync(() =>
      removeDocument(this.sql, id, version, Date.now()),
    )
    if (changed) this.vocabulary = null
    return changed
  }

  search(query: SearchQuery): SearchResult {
    return runSearch(this.sql, query, () => {
      this.vocabulary ??= this.sql
        .exec<{ term: string }>('SELECT term FROM docs_vocab')
        .toArray()
        .map((r) => r.term)
      return this.vocabulary
    })
  }

  stats(): SearchStats {
    return indexStats(this.sql)
  }

  /** Empties the index, tombstones included: the first step of a reindex. */
  clear(): void {
    this.ctx.storage.transactionSync(() => clearIndex(this.sql))
    this.vocabulary = null
  }
}
