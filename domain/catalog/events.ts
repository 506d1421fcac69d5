/** @module Product events on commerce-events: what the consumer applies to the search index. */
import { z } from 'zod'
import type { EventEnvelope } from '../events/envelope'
import type { Product } from './product'

/** `data` of product.upserted and product.deleted: the id and the version written. */
export const ProductEventData = z.strictObject({
  id: z.string().min(1).max(64),
  version: z.number().int().min(1),
})
export type ProductEventData = z.infer<typeof ProductEventData>

/** The event a product write emits; archived products leave the index like deleted ones. */
export function productEvent(product: Product, eventId: string, now: number): EventEnvelope {
  return {
    type: product.status === 'active' ? 'product.upserted' : 'product.deleted',
    v: 1,
    id: eventId,
    occurredAt: new Date(now).toISOString(),
    data: { id: product.id, version: product.version } satisfies ProductEventData,
  }
}
