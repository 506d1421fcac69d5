/** @module order.placed … order.refunded: archive the order at the event's version. */

import { AppError } from '#domain/errors'
import type { EventEnvelope } from '#domain/events/envelope'
import { createLogger, errorMessage } from '#domain/log'
import { parseOrderEvent } from '#domain/orders/events'
import type { Ports } from '#objects/shared/ports'
import type { Job } from './job'

/**
 * Archives the order snapshot the event carries. The archive keys everything by order id and
 * version, so a redelivered or late event is harmless; a body that does not parse never will,
 * so it is refused as permanent (dead-lettered).
 */
export const archiveOrderEvent: Job = async (message, ports, context) => {
  if (context.archived?.has(message.id)) return
  const parsed = parseOrderEvent(message)
  if (!parsed.success)
    throw new AppError('invalid_event', `bad ${message.type} data: ${parsed.error.message}`)
  await ports.database.archive.applyOrderEvent(parsed.data)
}

/**
 * Archives every order event of a batch in one transaction (one commit for the batch instead of
 * one per message) and answers the ids it archived. When that fails, it answers none: each
 * message's own job then archives its event, so one event the store refuses holds back no other
 * and is retried or dead-lettered on its own.
 */
export async function archiveTogether(
  messages: readonly EventEnvelope[],
  ports: Ports,
): Promise<ReadonlySet<string>> {
  const events = messages.flatMap((m) => {
    const parsed = parseOrderEvent(m)
    return parsed.success ? [parsed.data] : []
  })
  // A lone event gains nothing from the batch: its job archives it.
  if (events.length < 2) return new Set()
  try {
    await ports.database.archive.applyOrderEvents(events)
    return new Set(events.map((e) => e.id))
  } catch (err) {
    createLogger().warn('batch archive failed; archiving message by message', {
      events: events.length,
      error: errorMessage(err),
    })
    return new Set()
  }
}
