/** @module The embedded Search adapter: the Search port on the SearchIndex Durable Object. */
import type { SearchPort } from '../../domain/ports/search'
import type { SearchIndex } from './search-index'

/** One index object holds the whole catalog: FTS5 ranks across every document at once. */
export class DurableObjectSearch implements SearchPort {
  readonly adapter = 'durable-object-fts5'

  constructor(private readonly namespace: DurableObjectNamespace<SearchIndex>) {}

  async ping(): Promise<void> {
    await this.namespace.getByName('catalog').ping()
  }
}
