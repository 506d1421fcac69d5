/**
 * @module The webhook-deliveries queue: one message per (endpoint, event); each claims its
 * delivery, makes one signed attempt, logs it, and acks or retries with backoff.
 */
import { z } from 'zod'
import { createLogger } from '#domain/log'
import type { WebhookStore } from '#domain/ports/webhook-store'
import { type WebhookDelivery, webhookBackoffSeconds } from '#domain/webhooks/delivery'
import type { Ports } from '#objects/shared/ports'
import { backoffSeconds } from '../process-events'
import { attemptDelivery } from './attempt'
import type { WebhookSettings } from './settings'

const DeliveryMessage = z.strictObject({ deliveryId: z.string().min(1).max(40) })

type Decision =
  | { kind: 'ack' }
  | { kind: 'retry'; delaySeconds: number }
  | { kind: 'dead'; error: string }

/**
 * Delivers each message on its own. When the database cannot be read or written, the message
 * comes back with the queue's backoff; past the queue's own retries it is dead-lettered
 * (webhook-deliveries-dlq, recorded for GET /v1/ops/dlq), never dropped.
 */
export async function deliverWebhooks(
  batch: MessageBatch<unknown>,
  ports: Ports,
  settings: WebhookSettings,
): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        const decision = await deliverOne(message.body, ports, settings)
        if (decision.kind === 'retry') message.retry({ delaySeconds: decision.delaySeconds })
        else {
          // A body that is not a delivery message never will be: kept for operators at once.
          if (decision.kind === 'dead')
            await ports.database.deadLetters.record({
              id: message.id,
              messageId: message.id,
              queue: batch.queue,
              body: message.body,
              error: decision.error,
              attempts: message.attempts,
              failedAt: Date.now(),
            })
          message.ack()
        }
      } catch (err) {
        createLogger().warn('webhook delivery not attempted; retrying', {
          messageId: message.id,
          error: err,
        })
        message.retry({ delaySeconds: backoffSeconds(message.attempts) })
      }
    }),
  )
}

async function deliverOne(
  body: unknown,
  ports: Ports,
  settings: WebhookSettings,
): Promise<Decision> {
  const parsed = DeliveryMessage.safeParse(body)
  if (!parsed.success)
    return { kind: 'dead', error: `malformed webhook delivery message: ${parsed.error.message}` }
  const store = ports.database.webhooks
  const now = Date.now()
  // The lease outlasts the attempt's time limit, so no second claimant starts while it runs.
  const claim = await store.claimDelivery(
    parsed.data.deliveryId,
    now,
    now + settings.timeoutMs + 30_000,
  )
  if (!claim.claimed) return waitOrAck(claim.delivery, now)
  const delivery = claim.delivery
  const attempt = delivery.attempts + 1
  const endpoint = await store.getEndpoint(delivery.endpointId)
  if (!endpoint?.enabled) {
    // Nothing to send to: failed at once, visible and replayable once the endpoint is back.
    const error = endpoint ? 'endpoint disabled' : 'endpoint deleted'
    await log(
      store,
      delivery,
      attempt,
      { responseStatus: null, error, startedAt: now, durationMs: 0 },
      {
        status: 'failed',
        leaseUntil: 0,
        error,
      },
    )
    return { kind: 'ack' }
  }
  const result = await attemptDelivery(endpoint, delivery, attempt, settings.timeoutMs)
  const end = result.startedAt + result.durationMs
  if (result.ok) {
    await log(store, delivery, attempt, result, { status: 'delivered', leaseUntil: 0, error: null })
    return { kind: 'ack' }
  }
  if (delivery.roundAttempts + 1 >= settings.maxAttempts) {
    await log(store, delivery, attempt, result, {
      status: 'failed',
      leaseUntil: 0,
      error: result.error,
    })
    return { kind: 'ack' }
  }
  const delaySeconds = webhookBackoffSeconds(delivery.roundAttempts + 1, settings.retryBaseSeconds)
  await log(store, delivery, attempt, result, {
    status: 'pending',
    leaseUntil: end + delaySeconds * 1000,
    error: result.error,
  })
  return { kind: 'retry', delaySeconds }
}

/**
 * A message that could not claim its delivery: finished (delivered, failed) or gone, it has
 * nothing left to do; still pending, it is held by a running attempt or waiting out its backoff
 * (this message is a duplicate, or early), so it comes back when the hold ends.
 */
function waitOrAck(delivery: WebhookDelivery | null, now: number): Decision {
  if (delivery?.status !== 'pending') return { kind: 'ack' }
  return { kind: 'retry', delaySeconds: Math.max(1, Math.ceil((delivery.leaseUntil - now) / 1000)) }
}

function log(
  store: WebhookStore,
  delivery: WebhookDelivery,
  attempt: number,
  result: {
    responseStatus: number | null
    error: string | null
    startedAt: number
    durationMs: number
  },
  outcome: Parameters<WebhookStore['recordAttempt']>[1],
): Promise<void> {
  return store.recordAttempt(
    {
      deliveryId: delivery.id,
      attempt,
      responseStatus: result.responseStatus,
      durationMs: result.durationMs,
      error: result.error,
      startedAt: result.startedAt,
    },
    outcome,
  )
}
