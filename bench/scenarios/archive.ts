/** @module Archive throughput: commerce-events → consumer → PlanetScale bridge → MySQL. */
import mysql from 'mysql2/promise'
import { startServices } from '#dev/services/start'
import type { Bundles } from '../build'
import { round } from '../load'
import { serve } from '../serve'
import type { ScenarioResult } from './reads'

const DATABASE = 'bench_archive'
const MESSAGES = 600
// sendBatch takes at most 100 messages per call.
const SEND_BATCH = 100
const TIMEOUT_MS = 100_000

/**
 * Sends MESSAGES valid `order.placed` events straight to the queue, so the figure isolates the
 * consumer and the MySQL path, and times how fast they land; the archive rows are the proof.
 */
export async function archiveThroughput(bundles: Bundles): Promise<ScenarioResult> {
  const id = 'archive'
  const title = 'Archive: commerce-events → consumer → PlanetScale bridge → MySQL'
  const services = await startServices({
    database: DATABASE,
    fresh: true,
    upstashPort: 0,
    planetscalePort: 0,
  })
  const served = await serve(bundles, { DATABASE_URL: services.secrets.DATABASE_URL })
  const db = await mysql.createConnection(
    `${process.env.MYSQL_SERVER_URL ?? 'mysql://root@127.0.0.1:3306'}/${DATABASE}`,
  )
  const count = async (table: string) => {
    const [rows] = await db.query(`SELECT COUNT(*) AS n FROM ${table}`)
    return Number((rows as { n: number }[])[0]?.n ?? 0)
  }
  try {
    const queue = await served.mf.getQueueProducer('EVENTS', 'edge-commerce-api')
    const started = Date.now()
    for (let i = 0; i < MESSAGES; i += SEND_BATCH) {
      const chunk = Array.from({ length: Math.min(SEND_BATCH, MESSAGES - i) }, (_, j) => ({
        body: placedEvent(i + j, started),
      }))
      await queue.sendBatch(chunk)
    }
    const sentMs = Date.now() - started
    let archived = 0
    let lastLandedAt = started
    let halfAt = 0
    while (Date.now() - started < TIMEOUT_MS) {
      const now = await count('orders')
      if (now > archived) lastLandedAt = Date.now()
      archived = now
      if (!halfAt && archived >= MESSAGES / 2) halfAt = Date.now()
      if (archived >= MESSAGES) break
      await new Promise((r) => setTimeout(r, 200))
    }
    // The rate runs to the last message that landed, not to the timeout, when some are left in
    // retry backoff; how many is reported beside it.
    const seconds = (lastLandedAt - started) / 1000
    const events = await count('order_events')
    return {
      id,
      title,
      successPerSecond: round(archived / seconds),
      invariants: {
        'messages sent': MESSAGES,
        'orders archived': archived,
        'order events archived': events,
        'every message archived exactly once': archived === MESSAGES && events === MESSAGES,
        'still in retry backoff at the timeout': MESSAGES - archived,
      },
      note: `${MESSAGES} order.placed events (valid OrderEvent bodies, made by the bench) sent with sendBatch in ${sentMs} ms; ${archived} archived in ${round(seconds)} s (half of them after ${halfAt ? round((halfAt - started) / 1000) : '—'} s; timeout ${TIMEOUT_MS / 1000} s); latency percentiles do not apply. Injected so the figure isolates the consumer and MySQL; archival of real checkouts (embedded D1 archive) is checked in the sale scenarios.`,
    }
  } finally {
    await db.end()
    await served.mf.dispose()
    await services.close()
  }
}

/** A valid `order.placed` event for order number `n`. */
function placedEvent(n: number, now: number) {
  // Zero-padded hex: unique per n (padding with a hex digit would make 0xb and 0xbb collide).
  const orderId = n.toString(16).padStart(64, '0')
  const line = {
    sku: 'P000001-M',
    productId: 'p000001',
    title: 'Bench item',
    unitPriceMinor: 1_500,
    quantity: 1,
    lineTotalMinor: 1_500,
  }
  return {
    type: 'order.placed',
    v: 1,
    id: `bench-${orderId.slice(-40)}`,
    occurredAt: new Date(now).toISOString(),
    data: {
      id: orderId,
      userId: `bench-user-${n % 50}`,
      status: 'pending_payment',
      currency: 'EUR',
      lines: [line],
      totalMinor: 1_500,
      version: 1,
      createdAt: now,
      updatedAt: now,
      expiresAt: now + 900_000,
      paymentId: null,
    },
  }
}
