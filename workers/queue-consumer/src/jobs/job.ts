/** @module The shape of a queue job. */
import type { EventEnvelope } from '#domain/events/envelope'
import type { Ports } from '#objects/shared/ports'

/**
 * Applies one message. AppError means permanent (dead-lettered at once); UpstreamError follows
 * its `retryable` flag; anything else is retried, since it may be transient.
 */
export type Job = (message: EventEnvelope, ports: Ports) => Promise<void>
