/** @module The job for each message type; a type with no job here is dead-lettered as permanent. */
import type { Job } from './job'
import { archiveOrderEvent } from './order-events'
import { applyProductEvent } from './product-events'

/** Jobs by message type (`order.placed`, `product.upserted`, …), one file each in this folder. */
export const JOBS: Readonly<Record<string, Job>> = {
  'product.upserted': applyProductEvent,
  'product.deleted': applyProductEvent,
  'order.placed': archiveOrderEvent,
  'order.paid': archiveOrderEvent,
  'order.cancelled': archiveOrderEvent,
  'order.expired': archiveOrderEvent,
  'order.fulfilled': archiveOrderEvent,
  'order.refunded': archiveOrderEvent,
}
