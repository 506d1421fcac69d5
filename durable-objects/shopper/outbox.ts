/**
 * @module The shopper's outbox: every order event is written in the transaction of its change and
 * leaves only once the queue accepted it. Rows of all the shopper's orders go out together, in
 * `sendBatch` calls, one flush at a time: checkouts that land while a send is in flight are
 * carried by the next batch instead of a send each.
 */
import { countDeferred, countResent } from '#domain/counting/outbox-backlog'
import type { Logger } from '#domain/log'
import type { OrderEvent } from '#domain/orders/events'
import type { CountersPort } from '#domain/ports/counters'

/** Where failed and resent rows are reported (the ops backlog figure), in the background. */
export interface BacklogReport {
  counters: () => CountersPort
  waitUntil: (work: Promise<unknown>) => void
  /**
   * Called in the turn a flush found the outbox empty after sending (its delete's transaction):
   * the object may move the alarm that guarded the sends (core.ts `drained`).
   */
  drained?: () => Promise<void> | undefined
}

/** The most messages `Queue.sendBatch` takes at once. */
const BATCH = 100
/** Stays under the 256 KB a batch may carry. */
const BATCH_BYTES = 200_000

/** When the n-th attempt to send (or settle) is due: 10 s, doubling, at most 5 minutes. */
export function retryAt(now: number, attempt: number): number {
  return now + Math.min(300_000, 10_000 * 2 ** Math.max(0, attempt - 1))
}

/** Queues an event; `retryAt` is when the alarm sends it if the send right after fails. */
export function enqueue(sql: SqlStorage, event: OrderEvent, retry: number): void {
  sql.exec(
    'INSERT INTO outbox (id, order_id, body, retry_at) VALUES (?, ?, ?, ?)',
    event.id,
    event.data.id,
    JSON.stringify(event),
    retry,
  )
}

/** True while an event of this order waits in the outbox. */
export function hasPendingEvents(sql: SqlStorage, orderId: string): boolean {
  return sql.exec('SELECT 1 FROM outbox WHERE order_id = ? LIMIT 1', orderId).toArray().length > 0
}

type Row = { seq: number; body: string; attempts: number }

function head(sql: SqlStorage): Row[] {
  const rows = sql
    .exec<Row>('SELECT seq, body, attempts FROM outbox ORDER BY seq LIMIT ?', BATCH)
    .toArray()
  let bytes = 0
  const batch: Row[] = []
  for (const r of rows) {
    bytes += r.body.length
    if (batch.length > 0 && bytes > BATCH_BYTES) break
    batch.push(r)
  }
  return batch
}

/**
 * One flusher per object: `flush()` sends the outbox oldest first in batches. A call while a flush
 * runs waits for it and one more round, which sends whatever was written meanwhile in one batch.
 * A failed send keeps the rows and pushes their retry time back; the alarm sends them again.
 * Consumers are idempotent by event id and order version, so a send reported failed that did
 * succeed only costs a duplicate.
 */
export class Outbox {
  private running: Promise<void> | null = null
  private again = false

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly queue: () => Queue,
    private readonly log: Logger,
    private readonly report: BacklogReport,
  ) {}

  /** Resolves once no flush is running (for tests: waits for a background send). */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve()
  }

  flush(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      try {
        do {
          this.again = false
          await this.sendAll()
        } while (this.again)
      } finally {
        this.running = null
      }
    })()
    return this.running
  }

  private async sendAll(): Promise<void> {
    const sql = this.storage.sql
    let sent = false
    for (;;) {
      const rows = head(sql)
      const last = rows.at(-1)
      if (!last) {
        if (sent) await this.report.drained?.()
        return
      }
      try {
        await this.queue().sendBatch(
          rows.map((r) => ({ body: JSON.parse(r.body) as unknown, contentType: 'json' as const })),
        )
      } catch (err) {
        const now = Date.now()
        this.storage.transactionSync(() => {
          for (const r of rows)
            sql.exec(
              'UPDATE outbox SET attempts = ?, retry_at = ? WHERE seq = ?',
              r.attempts + 1,
              retryAt(now, r.attempts + 1),
              r.seq,
            )
        })
        this.background((c) => countDeferred(c, rows.map(eventId)))
        this.log.warn('outbox send failed; the alarm retries', { rows: rows.length, error: err })
        return
      }
      sql.exec('DELETE FROM outbox WHERE seq <= ?', last.seq)
      sent = true
      const resent = rows.filter((r) => r.attempts > 0)
      // Counted as deferred again first (idempotent): a deferral missed while the store was down.
      if (resent.length > 0)
        this.background(async (c) => {
          await countDeferred(c, resent.map(eventId))
          await countResent(c, resent.map(eventId))
        })
    }
  }

  private background(work: (c: CountersPort) => Promise<void>): void {
    this.report.waitUntil(
      (async () => {
        try {
          await work(this.report.counters())
        } catch (err) {
          this.log.warn('outbox backlog not counted', { error: err })
        }
      })(),
    )
  }
}

function eventId(row: { body: string }): string {
  return (JSON.parse(row.body) as { id: string }).id
}
