/** @module Sends an Order's outbox to the queue; rows leave the outbox only once sent. */
import { deferSend, deleteSent, outboxHead } from './tables'

/** The largest batch `Queue.sendBatch` accepts. */
const BATCH = 100

/** When the n-th attempt to send (or settle) is due: 10 s, doubling, at most 5 minutes. */
export function retryAt(now: number, attempt: number): number {
  return now + Math.min(300_000, 10_000 * 2 ** Math.max(0, attempt - 1))
}

/**
 * Sends the outbox oldest first. A failed send keeps the rows and pushes their retry time back;
 * the object's alarm sends them again. Consumers are idempotent by order id and version, so a
 * send that succeeded but was reported as failed only costs a duplicate.
 */
export async function flushOutbox(
  sql: SqlStorage,
  queue: Queue,
  transaction: (work: () => void) => void,
): Promise<void> {
  for (;;) {
    const rows = outboxHead(sql, BATCH)
    const last = rows.at(-1)
    if (!last) return
    try {
      await queue.sendBatch(
        rows.map((r) => ({ body: JSON.parse(r.body) as unknown, contentType: 'json' as const })),
      )
    } catch (err) {
      transaction(() => deferSend(sql, last.seq, (attempts) => retryAt(Date.now(), attempts)))
      console.warn(
        JSON.stringify({
          msg: 'outbox send failed; the alarm retries',
          rows: rows.length,
          error: err instanceof Error ? err.message : String(err),
        }),
      )
      return
    }
    deleteSent(sql, last.seq)
    if (rows.length < BATCH) return
  }
}
