/** @module Product views: each counted read of a product page adds to its popularity counter. */
import { popularityKey } from '../catalog/search-document'
import type { CounterOp } from '../ports/counters'

/**
 * The increment one view adds to the product's popularity (the signal the search index sorts
 * by). Views are counted once per client per window and flushed per interval, never per read.
 */
export function productViewOp(productId: string): CounterOp {
  return { kind: 'incr', key: popularityKey(productId), by: 1 }
}
