/** @module What the API shows of a delivery: its row, the event it posts and its attempt log. */
import type { WebhookAttempt, WebhookDelivery } from '#domain/webhooks/delivery'

/** A delivery as GET /v1/ops/webhooks/deliveries shows it. */
export function deliveryView(delivery: WebhookDelivery, attempts: readonly WebhookAttempt[]) {
  const { payload, leaseUntil, roundAttempts: _round, ...rest } = delivery
  return {
    ...rest,
    nextAttemptAt: delivery.status === 'pending' && leaseUntil > 0 ? leaseUntil : null,
    event: JSON.parse(payload) as unknown,
    attemptLog: attempts.map(({ deliveryId: _id, ...attempt }) => attempt),
  }
}

/** An opaque cursor after `delivery` in a newest-first listing. */
export function encodeDeliveryCursor(delivery: { createdAt: number; id: string }): string {
  return `${delivery.createdAt.toString(36)}.${delivery.id}`
}

/** Reads a cursor made by encodeDeliveryCursor; null when it was not made by it. */
export function decodeDeliveryCursor(cursor: string): { createdAt: number; id: string } | null {
  const match = /^([0-9a-z]{1,12})\.(whd_[0-9a-f]{32})$/.exec(cursor)
  if (!match) return null
  const createdAt = Number.parseInt(match[1] as string, 36)
  return Number.isSafeInteger(createdAt) ? { createdAt, id: match[2] as string } : null
}
