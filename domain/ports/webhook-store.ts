/** @module Where outbound webhook endpoints, deliveries and their attempt logs are kept. */
import type { DeliveryStatus, WebhookAttempt, WebhookDelivery } from '../webhooks/delivery'
import type { WebhookEndpoint } from '../webhooks/endpoint'

/** The fields of an endpoint a PATCH or a rotation may change. */
export type EndpointChanges = Partial<
  Pick<
    WebhookEndpoint,
    'url' | 'description' | 'eventTypes' | 'enabled' | 'secret' | 'previousSecret'
  >
> &
  Pick<Partial<WebhookEndpoint>, 'previousSecretExpiresAt'> & { updatedAt: number }

/** The outcome of claiming a delivery for an attempt. */
export type DeliveryClaim =
  | { claimed: true; delivery: WebhookDelivery }
  /** Not claimed: it is gone, finished, or held (by a running attempt or its backoff). */
  | { claimed: false; delivery: WebhookDelivery | null }

/** Which deliveries a listing shows, newest first. */
export interface DeliveryQuery {
  endpointId?: string
  status?: DeliveryStatus
  limit: number
  /** Only deliveries created before this one (the cursor: createdAt and id of the last row). */
  before?: { createdAt: number; id: string }
}

/** Outbound webhooks in the system of record. */
export interface WebhookStore {
  createEndpoint(endpoint: WebhookEndpoint): Promise<void>
  getEndpoint(id: string): Promise<WebhookEndpoint | null>
  /** Every endpoint, oldest first. */
  listEndpoints(): Promise<WebhookEndpoint[]>
  /** Applies `changes`; null when there is no such endpoint. */
  updateEndpoint(id: string, changes: EndpointChanges): Promise<WebhookEndpoint | null>
  /** Deletes the endpoint (its deliveries stay, for the record); false when there was none. */
  deleteEndpoint(id: string): Promise<boolean>

  /**
   * Stores each delivery unless one for its (endpoint, event) exists, and returns what is stored
   * for each, in order: the new row, or the existing one untouched.
   */
  addDeliveries(deliveries: readonly WebhookDelivery[]): Promise<WebhookDelivery[]>
  getDelivery(id: string): Promise<WebhookDelivery | null>
  listDeliveries(query: DeliveryQuery): Promise<WebhookDelivery[]>
  /** The attempt log of a delivery, first attempt first. */
  listAttempts(deliveryId: string): Promise<WebhookAttempt[]>
  /**
   * Claims a pending delivery whose lease has run out, leasing it until `leaseUntil`, in one
   * atomic step: of concurrent claims at most one succeeds.
   */
  claimDelivery(id: string, now: number, leaseUntil: number): Promise<DeliveryClaim>
  /**
   * Logs `attempt` and moves the delivery to what it led to, together: `delivered`, `failed`, or
   * `pending` again until `leaseUntil`. Logging the same attempt number twice keeps the first.
   */
  recordAttempt(
    attempt: WebhookAttempt,
    outcome: { status: DeliveryStatus; leaseUntil: number; error: string | null },
  ): Promise<void>
  /**
   * Makes a delivery pending again for a new round of attempts (a replay), whatever its status;
   * null when there is no such delivery.
   */
  restartDelivery(id: string, now: number): Promise<WebhookDelivery | null>
}
