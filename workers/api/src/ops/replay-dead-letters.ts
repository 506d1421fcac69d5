/** @module Sends dead letters back to commerce-events; each leaves the store only once sent. */
import { UpstreamError } from '#domain/errors'
import type { DeadLetter } from '#domain/events/dead-letter'
import { createLogger, type Logger } from '#domain/log'
import type { DeadLetterStore } from '#domain/ports/dead-letter-store'

/** Most letters one replay call sends: one `sendBatch` worth. */
export const MAX_REPLAY = 100
// Queues accept at most 256 KB per batch; leave room for per-message overhead.
const MAX_BATCH_BYTES = 200_000

/** What a replay did with each id. */
export interface ReplayOutcome {
  replayed: string[]
  /** Letters still stored because sending them failed after earlier batches went through. */
  notReplayed: string[]
  /** Asked-for ids the store does not hold (already replayed, or never there). */
  notFound: string[]
  /**
   * Letters sent (so also in `replayed`) that the store failed to delete: they stay listed and a
   * later replay sends them again, which the consumer's idempotent jobs absorb.
   */
  notRemoved: string[]
}

/**
 * Replays the letters with `ids`, or the oldest MAX_REPLAY. Batches go out oldest first; a batch
 * is deleted from the store only after the queue accepted it, so a failure loses nothing: at
 * worst a letter is sent and also kept (its delete failed: `notRemoved`), and the consumer's jobs
 * are idempotent. Throws UpstreamError (503) only when nothing could be sent.
 */
export async function replayDeadLetters(
  store: DeadLetterStore,
  queue: Queue,
  ids?: readonly string[],
  logger: Logger = createLogger(),
): Promise<ReplayOutcome> {
  const letters = ids ? await store.get([...new Set(ids)]) : await store.list(MAX_REPLAY)
  const found = new Set(letters.map((l) => l.id))
  const outcome: ReplayOutcome = {
    replayed: [],
    notReplayed: [],
    notFound: ids ? [...new Set(ids)].filter((id) => !found.has(id)) : [],
    notRemoved: [],
  }
  for (const batch of batches(letters)) {
    try {
      await queue.sendBatch(batch.map((l) => ({ body: l.body, contentType: 'json' as const })))
    } catch (err) {
      if (outcome.replayed.length === 0)
        throw new UpstreamError(
          'queue',
          'commerce-events did not accept the replay',
          undefined,
          true,
          {
            cause: err,
          },
        )
      outcome.notReplayed = letters.map((l) => l.id).filter((id) => !outcome.replayed.includes(id))
      return outcome
    }
    const sent = batch.map((l) => l.id)
    outcome.replayed.push(...sent)
    try {
      await store.remove(sent)
    } catch (err) {
      // Sent is sent: answering 503 now would invite a retry that sends them twice at once.
      outcome.notRemoved.push(...sent)
      logger.warn('replayed dead letters not removed; a later replay sends them again', {
        ids: sent,
        error: err,
      })
    }
  }
  return outcome
}

/** Splits letters into batches under the queue's count and size limits, keeping their order. */
function batches(letters: readonly DeadLetter[]): DeadLetter[][] {
  const out: DeadLetter[][] = []
  let current: DeadLetter[] = []
  let bytes = 0
  for (const letter of letters) {
    const size = JSON.stringify(letter.body ?? null).length
    if (current.length > 0 && (current.length === MAX_REPLAY || bytes + size > MAX_BATCH_BYTES)) {
      out.push(current)
      current = []
      bytes = 0
    }
    current.push(letter)
    bytes += size
  }
  if (current.length > 0) out.push(current)
  return out
}
