/** @module product.upserted / product.deleted: bring the search index in step with the catalog. */
import { ProductEventData } from '#domain/catalog/events'
import { buildSearchDocument } from '#domain/catalog/search-document'
import { AppError } from '#domain/errors'
import type { Job } from './job'

/**
 * Indexes the product as the database holds it now, not as the event describes it: a late or
 * repeated event then re-applies the current state, and the index's version check keeps an older
 * document from replacing a newer one.
 */
export const applyProductEvent: Job = async (message, ports) => {
  const parsed = ProductEventData.safeParse(message.data)
  if (!parsed.success)
    throw new AppError('invalid_event', `bad ${message.type} data: ${parsed.error.message}`)
  const { id, version } = parsed.data
  const product = await ports.database.catalog.get(id)
  if (product?.status === 'active') {
    await ports.search.upsert([await buildSearchDocument(product, ports.counters)])
  } else {
    await ports.search.remove(id, Math.max(version, product?.version ?? 0))
  }
}
