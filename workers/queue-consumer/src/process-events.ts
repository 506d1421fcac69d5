/** @module Processes a commerce-events batch: per-message ack, retry with backoff, or dead letter. */
import { AppError, UpstreamError } from '#domain/errors'
import { EventEnvelope } from '#domain/events/envelope'
import type { Ports } from '#objects/shared/ports'
import { JOBS } from './jobs'
import type { JobContext } from './jobs/job'
import { archiveTogether } from './jobs/order-events'

/** Exponential backoff in seconds for the n-th attempt, capped at 5 minutes. */
export function backoffSeconds(attempts: number): number {
  return Math.min(300, 2 ** Math.max(0, attempts - 1))
}

/**
 * Handles each message on its own, so one failure never holds back the rest of the batch, and all
 * of them at once (their order events first archived together, see `archiveTogether`): every job is idempotent and versioned (a product job indexes what the database
 * holds now; archive upserts never move a version backwards), so their order does not matter.
 */
export async function processEvents(
  batch: MessageBatch<unknown>,
  ports: Ports,
  context: JobContext,
): Promise<void> {
  const parsed = batch.messages.map((m) => EventEnvelope.safeParse(m.body))
  const envelopes = parsed.flatMap((p) => (p.success ? [p.data] : []))
  // Shared by the batch's messages: one archive transaction for all its order events, and one
  // read of the webhook endpoints.
  let endpoints: ReturnType<Ports['database']['webhooks']['listEndpoints']> | undefined
  const shared: JobContext = {
    ...context,
    archived: await archiveTogether(envelopes, ports),
    endpoints: () => {
      endpoints ??= ports.database.webhooks.listEndpoints()
      return endpoints
    },
  }
  await Promise.all(
    batch.messages.map(async (message, i) => {
      const outcome = await processOne(parsed[i], ports, shared)
      if (outcome.kind === 'done') message.ack()
      else if (outcome.kind === 'retry')
        message.retry({ delaySeconds: backoffSeconds(message.attempts) })
      else await deadLetter(batch.queue, message, outcome.error, ports)
    }),
  )
}

type Outcome = { kind: 'done' } | { kind: 'retry' } | { kind: 'permanent'; error: string }

async function processOne(
  parsed: ReturnType<typeof EventEnvelope.safeParse> | undefined,
  ports: Ports,
  context: JobContext,
): Promise<Outcome> {
  if (!parsed?.success)
    return { kind: 'permanent', error: `invalid envelope: ${parsed?.error.message}` }
  const job = JOBS[parsed.data.type]
  if (!job) return { kind: 'permanent', error: `no job for message type ${parsed.data.type}` }
  try {
    await job(parsed.data, ports, context)
    return { kind: 'done' }
  } catch (err) {
    const permanent = err instanceof UpstreamError ? !err.retryable : err instanceof AppError
    if (!permanent) return { kind: 'retry' }
    return { kind: 'permanent', error: (err as Error).message }
  }
}

// A permanent failure will not heal by retrying: record it for operators straight away. If even
// the record cannot be written, retry so the message is not lost.
async function deadLetter(queue: string, message: Message<unknown>, error: string, ports: Ports) {
  try {
    await ports.database.deadLetters.record({
      id: message.id,
      messageId: envelopeId(message.body) ?? message.id,
      queue,
      body: message.body,
      error,
      attempts: message.attempts,
      failedAt: Date.now(),
    })
    message.ack()
  } catch {
    message.retry({ delaySeconds: backoffSeconds(message.attempts) })
  }
}

/** The envelope id of a body, when it has one. */
export function envelopeId(body: unknown): string | undefined {
  const id = (body as { id?: unknown } | null)?.id
  return typeof id === 'string' ? id : undefined
}
