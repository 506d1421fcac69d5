/** @module Sends an Order's outbox to the queue; rows leave the outbox only once sent. */
import { countDeferred, countResent } from '#domain/counting/outbox-backlog'
import type { CountersPort } from '#domain/ports/counters'
import { deferSend, deleteSent, outboxHead } from './tables'

/**
 * Where the object reports rows whose send failed and rows resent later (the ops backlog figure),
 * and how it keeps that background work alive. Never awaited by a flush, never failing one.
 */
export interface BacklogReport {
  counters: () => CountersPort
  waitUntil: (work: Promise<unknown>) => void
}

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
  report?: BacklogReport,
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
      background(report, (c) => countDeferred(c, rows.map(eventId)))
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
    const resent = rows.filter((r) => r.attempts > 0)
    // Counted as deferred again first (idempotent): a deferral missed while the store was down.
    if (resent.length > 0)
      background(report, async (c) => {
        await countDeferred(c, resent.map(eventId))
        await countResent(c, resent.map(eventId))
      })
    if (rows.length < BATCH) return
  }
}

function eventId(row: { body: string }): string {
  return (JSON.parse(row.body) as { id: string }).id
}

function background(report: BacklogReport | undefined, work: (c: CountersPort) => Promise<void>) {
  if (!report) return
  report.waitUntil(
    (async () => {
      try {
        await work(report.counters())
      } catch (err) {
        console.warn(
          JSON.stringify({
            msg: 'outbox backlog not counted',
            error: err instanceof Error ? err.message : String(err),
          }),
        )
      }
    })(),
  )
}
