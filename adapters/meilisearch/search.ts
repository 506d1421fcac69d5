/** @module The production Search adapter: Meilisearch through its official client. */
import { Meilisearch } from 'meilisearch'
import { UpstreamError } from '../../domain/errors'
import type { SearchPort } from '../../domain/ports/search'

/** Connection settings of a Meilisearch server. */
export interface MeilisearchConfig {
  host: string
  apiKey: string
}

/** The Search port on Meilisearch. */
export class MeilisearchSearch implements SearchPort {
  readonly adapter = 'meilisearch'
  private readonly client: Meilisearch

  constructor(config: MeilisearchConfig) {
    this.client = new Meilisearch({ host: config.host, apiKey: config.apiKey })
  }

  async ping(): Promise<void> {
    try {
      await this.client.health()
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause)
      throw new UpstreamError('meilisearch', message, undefined, true, { cause })
    }
  }
}
