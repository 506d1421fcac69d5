/** @module Records what the queue dead-lettered after its last retry, for GET /v1/ops/dlq. */
import type { Ports } from '#objects/shared/ports'
import { backoffSeconds, envelopeId } from './process-events'

/** Stores each dead letter in the database; a failed write retries so nothing is dropped. */
export async function recordDeadLetters(batch: MessageBatch<unknown>, ports: Ports): Promise<void> {
  for (const message of batch.messages) {
    try {
      await ports.database.deadLetters.record({
        id: message.id,
        messageId: envelopeId(message.body) ?? message.id,
        queue: batch.queue,
        body: message.body,
        error: `retries exhausted on ${batch.queue.replace(/-dlq$/, '')}`,
        attempts: message.attempts,
        failedAt: Date.now(),
      })
      message.ack()
    } catch {
      message.retry({ delaySeconds: backoffSeconds(message.attempts) })
    }
  }
}
