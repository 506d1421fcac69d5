/**
 * @module inventory.availability_changed: a SKU ran out or came back. The consumer rebuilds the
 * product's search document, so search's in-stock filter follows sales, not only catalog edits.
 */
import { z } from 'zod'
import type { EventEnvelope } from '../events/envelope'

export const AvailabilityChanged = z.strictObject({
  sku: z.string().min(1).max(64),
  inStock: z.boolean(),
})
export type AvailabilityChanged = z.infer<typeof AvailabilityChanged>

export function availabilityChanged(
  data: AvailabilityChanged,
  eventId: string,
  now: number,
): EventEnvelope {
  return {
    type: 'inventory.availability_changed',
    v: 1,
    id: eventId,
    occurredAt: new Date(now).toISOString(),
    data,
  }
}
