/** @module Outbound webhook endpoints, deliveries and attempts on PlanetScale. */
import { and, asc, desc, eq, lt, or, sql } from 'drizzle-orm'
import type {
  DeliveryClaim,
  DeliveryQuery,
  EndpointChanges,
  WebhookStore,
} from '#domain/ports/webhook-store'
import type { DeliveryStatus, WebhookAttempt, WebhookDelivery } from '#domain/webhooks/delivery'
import type { WebhookEndpoint } from '#domain/webhooks/endpoint'
import type { WebhookEventType } from '#domain/webhooks/events'
import type { PlanetScaleDb } from './db'
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from './schema'
import { guard } from './upstream'

export class PlanetScaleWebhooks implements WebhookStore {
  constructor(private readonly db: PlanetScaleDb) {}

  createEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    return guard(async () => {
      await this.db.insert(webhookEndpoints).values(endpoint)
    })
  }

  getEndpoint(id: string): Promise<WebhookEndpoint | null> {
    return guard(async () => {
      const [row] = await this.db
        .select()
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.id, id))
        .limit(1)
      return row ? toEndpoint(row) : null
    })
  }

  listEndpoints(): Promise<WebhookEndpoint[]> {
    return guard(async () => {
      const rows = await this.db
        .select()
        .from(webhookEndpoints)
        .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id))
      return rows.map(toEndpoint)
    })
  }

  updateEndpoint(id: string, changes: EndpointChanges): Promise<WebhookEndpoint | null> {
    // MySQL has no RETURNING: update, then read what was written.
    return guard(async () => {
      await this.db.update(webhookEndpoints).set(changes).where(eq(webhookEndpoints.id, id))
      return this.getEndpoint(id)
    })
  }

  deleteEndpoint(id: string): Promise<boolean> {
    return guard(async () => {
      const result = await this.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id))
      return result.rowsAffected > 0
    })
  }

  addDeliveries(deliveries: readonly WebhookDelivery[]): Promise<WebhookDelivery[]> {
    if (deliveries.length === 0) return Promise.resolve([])
    return guard(async () => {
      // A no-op update makes the insert idempotent without hiding other errors (INSERT IGNORE would).
      await this.db
        .insert(webhookDeliveries)
        .values([...deliveries])
        .onDuplicateKeyUpdate({ set: { id: sql`id` } })
      const rows = await this.db
        .select()
        .from(webhookDeliveries)
        .where(
          or(
            ...deliveries.map((d) =>
              and(
                eq(webhookDeliveries.endpointId, d.endpointId),
                eq(webhookDeliveries.eventId, d.eventId),
              ),
            ),
          ),
        )
      const byKey = new Map(rows.map((r) => [`${r.endpointId}\n${r.eventId}`, toDelivery(r)]))
      return deliveries.flatMap((d) => byKey.get(`${d.endpointId}\n${d.eventId}`) ?? [])
    })
  }

  getDelivery(id: string): Promise<WebhookDelivery | null> {
    return guard(async () => {
      const [row] = await this.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.id, id))
        .limit(1)
      return row ? toDelivery(row) : null
    })
  }

  listDeliveries(query: DeliveryQuery): Promise<WebhookDelivery[]> {
    const { before } = query
    return guard(async () => {
      const rows = await this.db
        .select()
        .from(webhookDeliveries)
        .where(
          and(
            query.endpointId ? eq(webhookDeliveries.endpointId, query.endpointId) : undefined,
            query.status ? eq(webhookDeliveries.status, query.status) : undefined,
            before &&
              or(
                lt(webhookDeliveries.createdAt, before.createdAt),
                and(
                  eq(webhookDeliveries.createdAt, before.createdAt),
                  lt(webhookDeliveries.id, before.id),
                ),
              ),
          ),
        )
        .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
        .limit(query.limit)
      return rows.map(toDelivery)
    })
  }

  listAttempts(deliveryId: string): Promise<WebhookAttempt[]> {
    return guard(() =>
      this.db
        .select()
        .from(webhookAttempts)
        .where(eq(webhookAttempts.deliveryId, deliveryId))
        .orderBy(asc(webhookAttempts.attempt)),
    )
  }

  claimDelivery(id: string, now: number, leaseUntil: number): Promise<DeliveryClaim> {
    return guard(() =>
      this.db.transaction(async (tx): Promise<DeliveryClaim> => {
        // The row lock makes the check and the lease one step for concurrent claimants.
        const [row] = await tx
          .select()
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.id, id))
          .for('update')
        if (!row) return { claimed: false, delivery: null }
        const delivery = toDelivery(row)
        if (delivery.status !== 'pending' || delivery.leaseUntil > now)
          return { claimed: false, delivery }
        await tx
          .update(webhookDeliveries)
          .set({ leaseUntil, updatedAt: now })
          .where(eq(webhookDeliveries.id, id))
        return { claimed: true, delivery: { ...delivery, leaseUntil, updatedAt: now } }
      }),
    )
  }

  recordAttempt(
    attempt: WebhookAttempt,
    outcome: { status: DeliveryStatus; leaseUntil: number; error: string | null },
  ): Promise<void> {
    const at = attempt.startedAt + attempt.durationMs
    return guard(() =>
      this.db.transaction(async (tx) => {
        await tx
          .insert(webhookAttempts)
          .values(attempt)
          .onDuplicateKeyUpdate({ set: { deliveryId: sql`delivery_id` } })
        // The attempt guard makes a repeated record a no-op.
        await tx
          .update(webhookDeliveries)
          .set({
            status: outcome.status,
            leaseUntil: outcome.leaseUntil,
            lastError: outcome.error,
            attempts: attempt.attempt,
            roundAttempts: sql`${webhookDeliveries.roundAttempts} + 1`,
            updatedAt: at,
            deliveredAt: outcome.status === 'delivered' ? at : null,
          })
          .where(
            and(
              eq(webhookDeliveries.id, attempt.deliveryId),
              lt(webhookDeliveries.attempts, attempt.attempt),
            ),
          )
      }),
    )
  }

  restartDelivery(id: string, now: number): Promise<WebhookDelivery | null> {
    return guard(async () => {
      await this.db
        .update(webhookDeliveries)
        .set({ status: 'pending', roundAttempts: 0, leaseUntil: 0, updatedAt: now })
        .where(eq(webhookDeliveries.id, id))
      return this.getDelivery(id)
    })
  }
}

function toEndpoint(row: typeof webhookEndpoints.$inferSelect): WebhookEndpoint {
  return { ...row, eventTypes: row.eventTypes as WebhookEventType[] }
}

function toDelivery(row: typeof webhookDeliveries.$inferSelect): WebhookDelivery {
  return {
    ...row,
    eventType: row.eventType as WebhookEventType,
    status: row.status as DeliveryStatus,
  }
}
