/** @module order.placed … order.refunded: archive the order at the event's version. */
import { AppError } from '#domain/errors'
import { OrderEvent } from '#domain/orders/events'
import type { Job } from './job'

/**
 * Archives the order snapshot the event carries. The archive keys everything by order id and
 * version, so a redelivered or late event is harmless; a body that does not parse never will,
 * so it is refused as permanent (dead-lettered).
 */
export const archiveOrderEvent: Job = async (message, ports) => {
  const parsed = OrderEvent.safeParse(message)
  if (!parsed.success)
    throw new AppError('invalid_event', `bad ${message.type} data: ${parsed.error.message}`)
  await ports.database.archive.applyOrderEvent(parsed.data)
}
