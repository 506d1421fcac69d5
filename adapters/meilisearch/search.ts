/** @module The production Search adapter: Meilisearch through its official client. */
import { type Index, Meilisearch, type SearchResponse, type Settings } from 'meilisearch'
import type {
  SearchDocument,
  SearchPort,
  SearchQuery,
  SearchResult,
  SearchStats,
} from '#domain/ports/search'
import { apiErrorCode, assertSucceeded, upstream } from './errors'
import { emptyResult, type HitFields, toSearchParams, toSearchResult } from './mapping'
import { INDEX_UID, PRIMARY_KEY, PRODUCT_SETTINGS, settingsMatch } from './settings'
import { type IndexedDocument, liveDocument, tombstoneDocument } from './versioning'
import { writeVersions } from './writes'

/** Connection settings of a Meilisearch server. */
export interface MeilisearchConfig {
  host: string
  apiKey: string
  /** Per HTTP request; default 5 s, so a hung server fails a search instead of holding it. */
  requestTimeoutMs?: number
  /** How long a write waits for its task to be processed; default 30 s. */
  taskTimeoutMs?: number
  /** The index uid; `products` unless a test keeps its own. */
  index?: string
}

/** Codes Meilisearch answers when an attribute is not filterable or sortable: settings missing. */
const SETTINGS_MISSING = new Set([
  'invalid_search_filter',
  'invalid_search_sort',
  'invalid_document_filter',
])

/**
 * The Search port on Meilisearch. Writes wait for their tasks, so a write that resolved is
 * visible to the next search; versions are kept as versioning.ts describes.
 */
export class MeilisearchSearch implements SearchPort {
  readonly adapter = 'meilisearch'
  private readonly client: Meilisearch
  private readonly indexUid: string
  private readonly index: Index
  private settingsApplied: Promise<void> | null = null

  constructor(config: MeilisearchConfig) {
    this.client = new Meilisearch({
      host: config.host,
      apiKey: config.apiKey,
      timeout: config.requestTimeoutMs ?? 5_000,
      defaultWaitOptions: { timeout: config.taskTimeoutMs ?? 30_000, interval: 50 },
    })
    this.indexUid = config.index ?? INDEX_UID
    this.index = this.client.index(this.indexUid)
  }

  async ping(): Promise<void> {
    try {
      await this.client.health()
    } catch (cause) {
      throw upstream(cause)
    }
  }

  /**
   * Creates the index (primary key `id`) if it is missing and applies PRODUCT_SETTINGS unless the
   * server already holds them, waiting for each task. Idempotent; runs once per instance, and
   * again after a failure. Writes call it first, so the reindex applies settings before any
   * document goes in.
   */
  ensureSettings(): Promise<void> {
    this.settingsApplied ??= this.applySettings().catch((cause) => {
      this.settingsApplied = null
      throw upstream(cause)
    })
    return this.settingsApplied
  }

  private async applySettings(): Promise<void> {
    let current: Settings | null = null
    try {
      current = await this.index.getSettings()
    } catch (cause) {
      if (apiErrorCode(cause) !== 'index_not_found') throw cause
    }
    if (current === null) {
      const task = await this.client
        .createIndex(this.indexUid, { primaryKey: PRIMARY_KEY })
        .waitTask()
      // A concurrent writer may have created it first: that index is as good.
      if (task.error?.code !== 'index_already_exists') assertSucceeded(task, 'create index')
    } else if (settingsMatch(current)) {
      return
    }
    assertSucceeded(await this.index.updateSettings(PRODUCT_SETTINGS).waitTask(), 'update settings')
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    const now = Date.now()
    await this.write(documents.map((d) => liveDocument(d, now)))
  }

  async remove(id: string, version: number): Promise<void> {
    await this.write([tombstoneDocument(id, version, Date.now())])
  }

  private async write(entries: IndexedDocument[]): Promise<void> {
    if (entries.length === 0) return
    try {
      await this.ensureSettings()
      await writeVersions(this.index, entries)
    } catch (cause) {
      throw upstream(cause)
    }
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { q, params } = toSearchParams(query)
    try {
      // page/hitsPerPage make the response carry totalHits; the client's type cannot infer that.
      const response = (await this.withSettings(() =>
        this.index.search<HitFields>(q, params),
      )) as SearchResponse<HitFields>
      return toSearchResult(query, params.attributesToHighlight !== undefined, response)
    } catch (cause) {
      // No index yet means nothing was ever indexed: an empty result, not a failure.
      if (apiErrorCode(cause) === 'index_not_found') return emptyResult(query)
      throw upstream(cause)
    }
  }

  /** Live documents (tombstones excluded) and the time of the newest write of any kind. */
  async stats(): Promise<SearchStats> {
    try {
      const [live, newest] = await this.withSettings(async () => {
        // Both settle before either failure is thrown: no request outlives the call.
        const [live, newest] = await Promise.allSettled([
          this.index.getDocuments({ filter: 'deleted = false', fields: ['id'], limit: 1 }),
          this.index.search<{ indexedAt: number }>('', {
            sort: ['indexedAt:desc'],
            limit: 1,
            attributesToRetrieve: ['indexedAt'],
          }),
        ])
        if (live.status === 'rejected') throw live.reason
        if (newest.status === 'rejected') throw newest.reason
        return [live.value, newest.value] as const
      })
      const at = newest.hits[0]?.indexedAt
      return {
        documents: live.total,
        lastUpdatedAt: live.total > 0 && typeof at === 'number' ? at : null,
      }
    } catch (cause) {
      if (apiErrorCode(cause) === 'index_not_found') return { documents: 0, lastUpdatedAt: null }
      throw upstream(cause)
    }
  }

  /**
   * Runs a read; if the server says an attribute is not filterable or sortable, the index was
   * created elsewhere or by an older version of this adapter: apply the settings and retry once.
   */
  private async withSettings<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read()
    } catch (cause) {
      if (!SETTINGS_MISSING.has(apiErrorCode(cause) ?? '')) throw cause
      this.settingsApplied = null
      await this.ensureSettings()
      return await read()
    }
  }

  /** Deletes every document, tombstones included (they live in the same index), and waits. */
  async clear(): Promise<void> {
    try {
      const task = await this.index.deleteAllDocuments().waitTask()
      if (task.error?.code !== 'index_not_found') assertSucceeded(task, 'delete all documents')
    } catch (cause) {
      if (apiErrorCode(cause) === 'index_not_found') return
      throw upstream(cause)
    }
  }
}
