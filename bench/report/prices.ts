/** @module Cloudflare list prices (Workers Paid, beyond the included usage) and the cost of one order. */

/** Where the prices were read, and when. */
export const PRICE_SOURCE = {
  readOn: '2026-11-26',
  pages: [
    'https://developers.cloudflare.com/workers/platform/pricing/',
    'https://developers.cloudflare.com/durable-objects/platform/pricing/',
    'https://developers.cloudflare.com/kv/platform/pricing/',
    'https://developers.cloudflare.com/queues/platform/pricing/',
    'https://developers.cloudflare.com/d1/platform/pricing/',
  ],
}

/** USD per million units, Workers Paid plan, beyond the monthly inclusions. */
export const PRICES_USD_PER_MILLION = {
  workersRequests: 0.3,
  workersCpuMs: 0.02,
  durableObjectRequests: 0.15,
  durableObjectGbSeconds: 12.5,
  sqliteRowsRead: 0.001,
  sqliteRowsWritten: 1.0,
  kvReads: 0.5,
  kvWrites: 5.0,
  /** Per 64 KB written, read or deleted: one message of ≤ 64 KB is three operations. */
  queueOperations: 0.4,
  d1RowsRead: 0.001,
  d1RowsWritten: 1.0,
}

/** The operations of one checkout, as the meter counts them (see durable-objects/shared/ops-meter). */
export interface OrderOps {
  objectCalls: number
  alarmRuns: number
  sqlRowsRead: number
  sqlRowsWritten: number
  kvReads: number
  kvWrites: number
  queueMessages: number
}

/** Queue operations per message of at most 64 KB: the write, the consumer's read, the ack's delete. */
const QUEUE_OPS_PER_MESSAGE = 3

/**
 * USD per million orders from the counted operations: one Worker request, the object requests
 * (RPCs and alarm runs), SQLite rows, KV and queue operations. Not in it: CPU time and object
 * duration (not measurable on Miniflare), storage, D1 rows (the meter counts queries, not rows).
 */
export function costPerMillionOrders(ops: OrderOps): number {
  const p = PRICES_USD_PER_MILLION
  const usd =
    p.workersRequests +
    (ops.objectCalls + ops.alarmRuns) * p.durableObjectRequests +
    ops.sqlRowsRead * p.sqliteRowsRead +
    ops.sqlRowsWritten * p.sqliteRowsWritten +
    ops.kvReads * p.kvReads +
    ops.kvWrites * p.kvWrites +
    ops.queueMessages * QUEUE_OPS_PER_MESSAGE * p.queueOperations
  return Math.round(usd * 10_000) / 10_000
}

/** What the cost leaves out, with what each would add, for the results and the README. */
export const COST_EXCLUSIONS =
  'Left out: Workers CPU time ($0.02 per million CPU-ms: each 1 ms of CPU per order adds $0.02 per million orders), Durable Object duration ($12.50 per million GB-s at 128 MB: each object-second active per order adds $1.56 per million orders), storage, D1 rows ($0.001 per million read, $1.00 per million written; the meter counts D1 queries, not rows), and the queue consumer Worker that archives each event.'
