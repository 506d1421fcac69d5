/** @module The job for each message type; a type with no job here is dead-lettered as permanent. */
import type { EventEnvelope } from '../../../../domain/events/envelope'
import type { Ports } from '../../../shared/ports'

/** Applies one message; throws UpstreamError (retryable) or AppError (permanent) on failure. */
export type Job = (message: EventEnvelope, ports: Ports) => Promise<void>

/** Jobs by message type (`order.placed`, `product.upserted`, …), one file each in this folder. */
export const JOBS: Readonly<Record<string, Job>> = {}
