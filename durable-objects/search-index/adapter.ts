/** @module The embedded Search adapter: the Search port on the SearchIndex Durable Object. */
import type {
  SearchDocument,
  SearchPort,
  SearchQuery,
  SearchResult,
  SearchStats,
} from '#domain/ports/search'
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
    await this.index.ping()
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    if (documents.length === 0) return
    await this.index.upsert(documents)
  }

  async remove(id: string, version: number): Promise<void> {
    await this.index.remove(id, version)
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    return this.index.search(query)
  }

  async stats(): Promise<SearchStats> {
    return this.index.stats()
  }

  async clear(): Promise<void> {
    await this.index.clear()
  }
}
