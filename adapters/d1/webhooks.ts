/** @module Outbound webhook endpoints, deliveries and attempts on D1. */
import { and, asc, desc, eq, lt, lte, or, sql } from 'drizzle-orm'
import type {
  DeliveryClaim,
  DeliveryQuery,
  EndpointChanges,
  WebhookStore,
} from '#domain/ports/webhook-store'
import type { DeliveryStatus, WebhookAttempt, WebhookDelivery } from '#domain/webhooks/delivery'
import type { WebhookEndpoint } from '#domain/webhooks/endpoint'
import type { WebhookEventType } from '#domain/webhooks/events'
import type { D1Db } from './db'
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from './schema'

export class D1Webhooks implements WebhookStore {
  constructor(private readonly db: D1Db) {}

  async createEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    await this.db.insert(webhookEndpoints).values(endpoint)
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint | null> {
    const row = await this.db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, id))
      .get()
    return row ? toEndpoint(row) : null
  }

  async listEndpoints(): Promise<WebhookEndpoint[]> {
    const rows = await this.db
      .select()
      .from(webhookEndpoints)
      .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id))
    return rows.map(toEndpoint)
  }

  async updateEndpoint(id: string, changes: EndpointChanges): Promise<WebhookEndpoint | null> {
    const [row] = await this.db
      .update(webhookEndpoints)
      .set(changes)
      .where(eq(webhookEndpoints.id, id))
      .returning()
    return row ? toEndpoint(row) : null
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(webhookEndpoints)
      .where(eq(webhookEndpoints.id, id))
      .returning({ id: webhookEndpoints.id })
    return rows.length > 0
  }

  async addDeliveries(deliveries: readonly WebhookDelivery[]): Promise<WebhookDelivery[]> {
    const stored: WebhookDelivery[] = []
    // One delivery per statement pair keeps each under D1's 100 bound values.
    for (const delivery of deliveries) {
      await this.db.insert(webhookDeliveries).values(delivery).onConflictDoNothing()
      const row = await this.db
        .select()
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.endpointId, delivery.endpointId),
            eq(webhookDeliveries.eventId, delivery.eventId),
          ),
        )
        .get()
      if (row) stored.push(toDelivery(row))
    }
    return stored
  }

  async getDelivery(id: string): Promise<WebhookDelivery | null> {
    const row = await this.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, id))
      .get()
    return row ? toDelivery(row) : null
  }

  async listDeliveries(query: DeliveryQuery): Promise<WebhookDelivery[]> {
    const { before } = query
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
  }

  listAttempts(deliveryId: string): Promise<WebhookAttempt[]> {
    return this.db
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, deliveryId))
      .orderBy(asc(webhookAttempts.attempt))
  }

  async claimDelivery(id: string, now: number, leaseUntil: number): Promise<DeliveryClaim> {
    // One conditional UPDATE … RETURNING: SQLite runs it atomically, so one claimant wins.
    const [row] = await this.db
      .update(webhookDeliveries)
      .set({ leaseUntil, updatedAt: now })
      .where(
        and(
          eq(webhookDeliveries.id, id),
          eq(webhookDeliveries.status, 'pending'),
          lte(webhookDeliveries.leaseUntil, now),
        ),
      )
      .returning()
    if (row) return { claimed: true, delivery: toDelivery(row) }
    return { claimed: false, delivery: await this.getDelivery(id) }
  }

  async recordAttempt(
    attempt: WebhookAttempt,
    outcome: { status: DeliveryStatus; leaseUntil: number; error: string | null },
  ): Promise<void> {
    const at = attempt.startedAt + attempt.durationMs
    // One batch is one transaction; the update's attempt guard makes a repeated record a no-op.
    await this.db.batch([
      this.db.insert(webhookAttempts).values(attempt).onConflictDoNothing(),
      this.db
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
        ),
    ])
  }

  async restartDelivery(id: string, now: number): Promise<WebhookDelivery | null> {
    const [row] = await this.db
      .update(webhookDeliveries)
      .set({ status: 'pending', roundAttempts: 0, leaseUntil: 0, updatedAt: now })
      .where(eq(webhookDeliveries.id, id))
      .returning()
    return row ? toDelivery(row) : null
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
