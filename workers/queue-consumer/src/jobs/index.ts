/** @module The job for each message type; a type with no job here is dead-lettered as permanent. */
import { applyAvailabilityChange } from './availability-events'
import { countPaidOrder, countRefundedOrder } from './count-paid-order'
import type { Job } from './job'
import { archiveOrderEvent } from './order-events'
import { applyProductEvent } from './product-events'
import { fanOutWebhooks } from './webhook-fan-out'

/** Jobs by message type (`order.placed`, `product.upserted`, …), one file each in this folder. */
export const JOBS: Readonly<Record<string, Job>> = {
  'product.upserted': applyProductEvent,
  'product.deleted': applyProductEvent,
  'inventory.availability_changed': allOf(applyAvailabilityChange, fanOutWebhooks),
  'order.placed': allOf(archiveOrderEvent, fanOutWebhooks),
  'order.paid': allOf(archiveOrderEvent, countPaidOrder, fanOutWebhooks),
  'order.cancelled': allOf(archiveOrderEvent, fanOutWebhooks),
  'order.expired': allOf(archiveOrderEvent, fanOutWebhooks),
  'order.fulfilled': allOf(archiveOrderEvent, fanOutWebhooks),
  'order.refunded': allOf(archiveOrderEvent, countRefundedOrder, fanOutWebhooks),
}

/**
 * One job that runs `jobs` side by side and fails with the first failure (in list order) once
 * all have settled: each is idempotent, so a retry may safely repeat the ones that succeeded.
 */
function allOf(...jobs: Job[]): Job {
  return async (message, ports, context) => {
    const results = await Promise.allSettled(jobs.map((job) => job(message, ports, context)))
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed) throw failed.reason
  }
}
