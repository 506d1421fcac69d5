/** @module The shape of a queue job. */
import type { EventEnvelope } from '#domain/events/envelope'
import type { WebhookDeliveryMessage } from '#domain/webhooks/delivery'
import type { WebhookEndpoint } from '#domain/webhooks/endpoint'
import type { Ports } from '#objects/shared/ports'
import type { WebhookSettings } from '../webhooks/settings'

/** What a job may use beside the ports: the consumer's settings and the queues it sends to. */
export interface JobContext {
  settings: WebhookSettings
  webhookDeliveries: Queue<WebhookDeliveryMessage>
  /** Ids of the order events already archived with the rest of their batch (processEvents). */
  archived?: ReadonlySet<string>
  /** The webhook endpoints, read once per batch; absent, each message reads them. */
  endpoints?: () => Promise<WebhookEndpoint[]>
}

/**
 * Applies one message. AppError means permanent (dead-lettered at once); UpstreamError follows
 * its `retryable` flag; anything else is retried, since it may be transient.
 */
export type Job = (message: EventEnvelope, ports: Ports, context: JobContext) => Promise<void>
