/**
 * @module The shopper's outbox: every order event is written in the transaction of its change and
 * leaves only once the queue accepted it. Rows of all the shopper's orders go out together, in
 * `sendBatch` calls, one flush at a time: checkouts that land while a send is in flight are
 * carried by the next batch instead of a send each.
 *
 * A sent row is not deleted in a transaction of its own: the object remembers it and deletes it
 * in its next write (a change, the alarm), so a checkout costs one commit, not two. Rows an
 * earlier instance of the object left behind (it stopped before its next write) may or may not
 * have been sent: they wait for the alarm, which asks the archive and sends only those it lacks
 * (`leftovers`, `settleLeftovers`), so an object's restart neither loses an event nor sends
 * every left row twice.
 */
import { countDeferred, countResent } from '#domain/counting/outbox-backlog'
import type { Logger } from '#domain/log'
import type { OrderEvent } from '#domain/orders/events'
import type { CountersPort } from '#domain/ports/counters'

/** Where failed and resent rows are reported (the ops backlog figure), in the background. */
export interface BacklogReport {
  counters: () => CountersPort
  waitUntil: (work: Promise<unknown>) => void
  /** Makes sure the alarm runs by `at`, when a send failed (core.ts `alarmBy`). */
  retryBy?: (at: number) => Promise<void>
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

/**
 * True while an event of this order waits in the outbox (call `forgetSent` first: a sent row
 * waiting for its delete is not pending).
 */
export function hasPendingEvents(sql: SqlStorage, orderId: string): boolean {
  return sql.exec('SELECT 1 FROM outbox WHERE order_id = ? LIMIT 1', orderId).toArray().length > 0
}

type Row = { seq: number; body: string; attempts: number }

/** A row an earlier instance left: its event, and the order version it carries. */
export interface Leftover {
  seq: number
  orderId: string
  version: number
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
  private deleteNow = false
  /** Rows this instance sent, deleted with the object's next write (`forgetSent`). */
  private sent: number[] = []
  /**
   * Rows at or below this seq were in the table when this instance first looked: sent or not by
   * an earlier instance. They are not sent until the alarm settles them. Set by `start`.
   */
  private leftoverThrough: number | undefined

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

  /**
   * Sends what is due. `deleteNow` (the alarm): sent rows are deleted at once, in their own
   * transaction, with those sent earlier; otherwise they wait for the object's next write.
   */
  flush(deleteNow = false): Promise<void> {
    this.deleteNow ||= deleteNow
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
        this.deleteNow = false
      }
    })()
    return this.running
  }

  /** Deletes the rows this instance sent; call it inside the transaction of a write. */
  forgetSent(): void {
    if (this.sent.length === 0) return
    // One row (a shopper's previous order, the usual case) by its key: the plainer statement
    // costs less to prepare and run than the json_each join, which takes any number.
    if (this.sent.length === 1)
      this.storage.sql.exec('DELETE FROM outbox WHERE seq = ?', this.sent[0])
    else
      this.storage.sql.exec(
        'DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each(?))',
        JSON.stringify(this.sent),
      )
    this.sent = []
  }

  /** Rows an earlier instance left, never failed: whether they left is for the archive to say. */
  leftovers(): Leftover[] {
    const through = this.leftoverBound()
    if (through === 0) return []
    return this.storage.sql
      .exec<{ seq: number; body: string }>(
        'SELECT seq, body FROM outbox WHERE seq <= ? AND attempts = 0 ORDER BY seq',
        through,
      )
      .toArray()
      .map((r) => {
        const event = JSON.parse(r.body) as { data: { id: string; version: number } }
        return { seq: r.seq, orderId: event.data.id, version: event.data.version }
      })
  }

  /**
   * Settles the leftovers: those whose version the archive holds (`held`, by order id) are
   * deleted; the others are sent with the next flush. With `held` undefined (the archive did not
   * answer), all are sent: a duplicate is harmless, a lost event is not.
   */
  settleLeftovers(rows: readonly Leftover[], held: ReadonlyMap<string, number> | undefined): void {
    const now = Date.now()
    this.storage.transactionSync(() => {
      for (const r of rows) {
        if (held && (held.get(r.orderId) ?? 0) >= r.version)
          this.storage.sql.exec('DELETE FROM outbox WHERE seq = ?', r.seq)
        else
          this.storage.sql.exec(
            'UPDATE outbox SET attempts = 1, retry_at = ? WHERE seq = ?',
            now,
            r.seq,
          )
      }
    })
    this.leftoverThrough = 0
  }

  /**
   * Notes the rows an earlier instance left; call it once at start-up, after the migrations. A row
   * whose send failed is known unsent and is sent again at once, so the bound counts only rows
   * never tried: the row at the bound stays until the alarm settles it, which keeps every new row's
   * seq above it (a rowid restarts from the highest row left).
   */
  start(): void {
    this.leftoverThrough =
      this.storage.sql
        .exec<{ s: number | null }>('SELECT max(seq) AS s FROM outbox WHERE attempts = 0')
        .one().s ?? 0
  }

  private leftoverBound(): number {
    if (this.leftoverThrough === undefined) throw new Error('Outbox.start() was not called')
    return this.leftoverThrough
  }

  /**
   * The oldest rows to send: not sent by this instance, and not leftovers still unsettled. `more`
   * when rows were left for another batch (count or bytes).
   */
  private head(): { rows: Row[]; more: boolean } {
    const rows = this.storage.sql
      .exec<Row>(
        // Right after a change nothing is remembered as sent (its transaction forgot them): the
        // query then needs no exclusion list.
        this.sent.length === 0
          ? `SELECT seq, body, attempts FROM outbox WHERE (seq > ? OR attempts > 0)
             ORDER BY seq LIMIT ?`
          : `SELECT seq, body, attempts FROM outbox
             WHERE (seq > ? OR attempts > 0) AND seq NOT IN (SELECT value FROM json_each(?))
             ORDER BY seq LIMIT ?`,
        ...(this.sent.length === 0
          ? [this.leftoverBound(), BATCH]
          : [this.leftoverBound(), JSON.stringify(this.sent), BATCH]),
      )
      .toArray()
    let bytes = 0
    const batch: Row[] = []
    for (const r of rows) {
      bytes += r.body.length
      if (batch.length > 0 && bytes > BATCH_BYTES) break
      batch.push(r)
    }
    return { rows: batch, more: batch.length < rows.length || rows.length === BATCH }
  }

  private async sendAll(): Promise<void> {
    const sql = this.storage.sql
    for (;;) {
      if (this.deleteNow) this.storage.transactionSync(() => this.forgetSent())
      const { rows, more } = this.head()
      if (rows.length === 0) return
      try {
        await this.queue().sendBatch(
          rows.map((r) => ({ body: JSON.parse(r.body) as unknown, contentType: 'json' as const })),
        )
      } catch (err) {
        const now = Date.now()
        const retry = retryAt(now, Math.min(...rows.map((r) => r.attempts)) + 1)
        this.storage.transactionSync(() => {
          for (const r of rows)
            sql.exec(
              'UPDATE outbox SET attempts = ?, retry_at = ? WHERE seq = ?',
              r.attempts + 1,
              retryAt(now, r.attempts + 1),
              r.seq,
            )
        })
        // The alarm sends them again (when it runs now, it sets itself by them at its end).
        await this.report.retryBy?.(retry)
        this.background((c) => countDeferred(c, rows.map(eventId)))
        this.log.warn('outbox send failed; the alarm retries', { rows: rows.length, error: err })
        return
      }
      this.sent.push(...rows.map((r) => r.seq))
      const resent = rows.filter((r) => r.attempts > 0)
      // Counted as deferred again first (idempotent): a deferral missed while the store was down.
      if (resent.length > 0)
        this.background(async (c) => {
          await countDeferred(c, resent.map(eventId))
          await countResent(c, resent.map(eventId))
        })
      // All that was due went: no second query to find nothing. A row written during the send
      // comes with a flush of its own, which runs another round (`again`).
      if (!more && !this.deleteNow) return
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
