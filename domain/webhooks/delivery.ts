/** @module One event on its way to one endpoint: the delivery, its attempts, backoff and signed request. */
import { signPayload } from '../payments/signature'
import type { WebhookEvent, WebhookEventType } from './events'

/** `pending` until an attempt gets a 2xx (`delivered`) or the attempts run out (`failed`). */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/** A delivery as the Database port stores it; (endpointId, eventId) is unique. */
export interface WebhookDelivery {
  id: string
  endpointId: string
  eventId: string
  eventType: WebhookEventType
  /** The JSON body sent, the same bytes on every attempt and replay (only the signature changes). */
  payload: string
  status: DeliveryStatus
  /** Attempts made in all, numbering the attempt log. */
  attempts: number
  /** Attempts since it was created or last replayed; the failure limit counts these. */
  roundAttempts: number
  /** No attempt starts before this (unix ms): the backoff after a failure, or an attempt's lease. */
  leaseUntil: number
  lastError: string | null
  createdAt: number
  updatedAt: number
  deliveredAt: number | null
}

/** One HTTP attempt, as logged. */
export interface WebhookAttempt {
  deliveryId: string
  /** 1 for the first attempt of the delivery, counting on through replays. */
  attempt: number
  /** The receiver's HTTP status, or null when no response came (network error, timeout). */
  responseStatus: number | null
  durationMs: number
  error: string | null
  startedAt: number
}

/** The queue message: the delivery to attempt (its row holds everything else). */
export interface WebhookDeliveryMessage {
  deliveryId: string
}

/** A new pending delivery of `event` to `endpointId`. */
export function newDelivery(endpointId: string, event: WebhookEvent, now: number): WebhookDelivery {
  return {
    id: `whd_${crypto.randomUUID().replace(/-/g, '')}`,
    endpointId,
    eventId: event.id,
    eventType: event.type,
    payload: JSON.stringify(event),
    status: 'pending',
    attempts: 0,
    roundAttempts: 0,
    leaseUntil: 0,
    lastError: null,
    createdAt: now,
    updatedAt: now,
    deliveredAt: null,
  }
}

/** Seconds before the attempt after the `n`-th failure: base·2^(n-1), at most 12 hours (the queue's limit). */
export function webhookBackoffSeconds(failures: number, baseSeconds: number): number {
  return Math.min(43_200, baseSeconds * 2 ** Math.max(0, failures - 1))
}

/**
 * The headers of an attempt. The signature is the scheme the platform itself accepts for payment
 * webhooks (domain/payments/signature.ts): `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.body">`, one `v1` per signing secret while a rotated-out secret is still valid. Each attempt
 * signs with its own timestamp, so a receiver's staleness check holds for retries and replays.
 */
export async function deliveryHeaders(input: {
  delivery: WebhookDelivery
  secrets: readonly string[]
  attempt: number
  nowSeconds: number
}): Promise<Record<string, string>> {
  const { delivery, secrets, attempt, nowSeconds } = input
  const signatures: string[] = []
  for (const secret of secrets) {
    const header = await signPayload(secret, nowSeconds, delivery.payload)
    signatures.push(header.slice(header.indexOf(',') + 1))
  }
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'edge-commerce-webhooks/1',
    'X-Signature': [`t=${nowSeconds}`, ...signatures].join(','),
    'X-Webhook-Id': delivery.eventId,
    'X-Webhook-Event': delivery.eventType,
    'X-Webhook-Delivery': delivery.id,
    'X-Webhook-Attempt': String(attempt),
  }
}
