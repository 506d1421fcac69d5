/** @module Product views: each read of a product page adds to its popularity counter. */
import { popularityKey } from '../catalog/search-document'
import type { CountersPort } from '../ports/counters'

/**
 * Adds one view to the product's popularity (the signal the search index sorts by). Fails open:
 * a lost view must never fail a product read, so errors go to `onError` and are not thrown.
 */
export async function countProductView(
  counters: CountersPort,
  productId: string,
  onError: (error: unknown) => void,
): Promise<void> {
  try {
    await counters.incrBy(popularityKey(productId), 1)
  } catch (error) {
    onError(error)
  }
}
