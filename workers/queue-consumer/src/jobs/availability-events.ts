/** @module inventory.availability_changed: rebuild the product's search document (its in-stock flag). */
import { buildSearchDocument } from '#domain/catalog/search-document'
import { AppError } from '#domain/errors'
import { AvailabilityChanged } from '#domain/inventory/events'
import type { Job } from './job'

/**
 * Rebuilds the document of the SKU's product from the database and the stock hints as they are
 * now, so a late or repeated event re-applies the current state. A SKU the catalog no longer has,
 * or a product not active, has nothing in the index to change.
 */
export const applyAvailabilityChange: Job = async (message, ports) => {
  const parsed = AvailabilityChanged.safeParse(message.data)
  if (!parsed.success)
    throw new AppError('invalid_event', `bad ${message.type} data: ${parsed.error.message}`)
  const [variant] = await ports.database.catalog.variantsBySku([parsed.data.sku])
  if (!variant) return
  const product = await ports.database.catalog.get(variant.productId)
  if (product?.status !== 'active') return
  await ports.search.upsert([await buildSearchDocument(product, ports.counters)])
}
