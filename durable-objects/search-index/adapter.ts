/** @module The embedded Search adapter: the Search port on the SearchIndex Durable Object. */
import type {
  SearchDocument,
  SearchPort,
  SearchQuery,
  SearchResult,
  SearchStats,
} from '#domain/ports/search'
import { objectCall } from '../shared/upstream'
import type { SearchIndex } from './search-index'

/**
 * One index object holds the whole catalog: FTS5 ranks across every document at once. `name`
 * picks the object; production always uses `catalog`, tests pass their own to stay apart.
 */
export class DurableObjectSearch implements SearchPort {
  readonly adapter = 'durable-object-fts5'

  constructor(
    private readonly namespace: DurableObjectNamespace<SearchIndex>,
    private readonly name = 'catalog',
  ) {}

  private get index() {
    return this.namespace.getByName(this.name)
  }

  async ping(): Promise<void> {
    await this.call(() => this.index.ping())
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    if (documents.length === 0) return
    await this.call(() => this.index.upsert(documents))
  }

  async remove(id: string, version: number): Promise<void> {
    await this.call(() => this.index.remove(id, version))
  }

  search(query: SearchQuery): Promise<SearchResult> {
    return this.call(() => this.index.search(query))
  }

  stats(): Promise<SearchStats> {
    return this.call(() => this.index.stats())
  }

  clear(): Promise<void> {
    return this.call(() => this.index.clear())
  }

  /** Every call to the object fails as UpstreamError, like every other Search adapter. */
  private call<T>(work: () => Promise<T>): Promise<T> {
    return objectCall(this.adapter, work)
  }
}
