/**
 * @module The isolate's counting: views, cache outcomes and trending queries are added up in
 * memory and flushed as one increment per key per interval (COUNT_FLUSH_SECONDS), through
 * waitUntil, in one call per store round trip, so counting costs the same at 10 or 10,000 reads/s.
 */
import type { Context } from 'hono'
import { OncePerWindow } from '#domain/counting/once-per-window'
import { CountTally } from '#domain/counting/tally'
import type { CounterOp } from '#domain/ports/counters'
import { log } from '../middleware/logger'
import type { AppEnv } from '../types'

/** Seconds between flushes when COUNT_FLUSH_SECONDS is unset. */
const DEFAULT_FLUSH_SECONDS = 5

/**
 * Longest interval a request waits out to flush what it started: Workers stop `waitUntil` work
 * 30 s after the response, so longer intervals rely on later requests alone.
 */
const MAX_TIMED_FLUSH_MS = 25_000

// Tallies with a timed flush pending, so each interval schedules one.
const timed = new WeakSet<CountTally>()

// One tally per counters store (an isolate normally has one env, hence one store); module state
// lives as long as the isolate, which is what bounds what a dying isolate can lose.
const tallies = new Map<string, CountTally>()
const windows = new OncePerWindow()

/** The store a request's counts go to: the embedded objects, or one Upstash database. */
function storeOf(c: Context<AppEnv>): string {
  return c.env.UPSTASH_REDIS_REST_URL && c.env.UPSTASH_REDIS_REST_TOKEN
    ? `upstash ${c.env.UPSTASH_REDIS_REST_URL}`
    : 'durable-object'
}

function tallyOf(c: Context<AppEnv>): CountTally {
  const store = storeOf(c)
  let tally = tallies.get(store)
  if (!tally) {
    tally = new CountTally(Date.now())
    tallies.set(store, tally)
  }
  return tally
}

/**
 * Who a request counts as for once-per-window counting: the signed-in user, else the client's IP
 * as Cloudflare reports it; requests with neither (local tools) all count as one client.
 */
export function clientOf(c: Context<AppEnv>): string {
  const user = c.get('user')
  if (user?.kind === 'user') return `u:${user.id}`
  const ip = c.req.header('CF-Connecting-IP')
  return ip ? `ip:${ip}` : 'anonymous'
}

/**
 * Adds increments to the isolate's tally and flushes it when due. The request that adds to an
 * empty tally also waits out the interval after its response (through waitUntil) and flushes
 * then, so counts reach the store one interval late at most even when no request follows.
 * Never throws.
 */
export function count(c: Context<AppEnv>, ...ops: CounterOp[]): void {
  const tally = tallyOf(c)
  for (const op of ops) tally.add(op)
  const intervalMs = flushIntervalMs(c)
  const flushed = flushIfDue(c, tally, intervalMs)
  if (flushed) c.executionCtx.waitUntil(flushed)
  else if (tally.size > 0 && intervalMs <= MAX_TIMED_FLUSH_MS && !timed.has(tally)) {
    timed.add(tally)
    const later = new Promise((resolve) => setTimeout(resolve, intervalMs)).then(() => {
      timed.delete(tally)
      return flushIfDue(c, tally, intervalMs)
    })
    c.executionCtx.waitUntil(later)
  }
}

function flushIntervalMs(c: Context<AppEnv>): number {
  const seconds = Number(c.env.COUNT_FLUSH_SECONDS ?? DEFAULT_FLUSH_SECONDS)
  return (Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_FLUSH_SECONDS) * 1000
}

/**
 * Adds increments once per client per window for `subject` (a product viewed, a query searched):
 * a client repeating itself moves the counters by one per window at most.
 */
export function countOncePerClient(c: Context<AppEnv>, subject: string, ...ops: CounterOp[]) {
  if (windows.first(clientOf(c), subject, Date.now())) return count(c, ...ops)
  const flushed = flushIfDue(c, tallyOf(c), flushIntervalMs(c))
  if (flushed) c.executionCtx.waitUntil(flushed)
}

/**
 * Takes what is due (synchronously, so no two requests write the same counts) and returns the
 * write, for the caller to run after its response. A failed write is logged with what it lost
 * and not retried: counting fails open, and the loss is bounded by one flush.
 */
function flushIfDue(
  c: Context<AppEnv>,
  tally: CountTally,
  intervalMs: number,
): Promise<void> | undefined {
  const ops = tally.take(Date.now(), intervalMs)
  if (!ops) return undefined
  return c
    .get('ports')
    .counters.addMany(ops)
    .catch((error) =>
      log(c.env, 'warn', 'counts not written', {
        keys: ops.length,
        counts: ops.reduce((n, op) => n + op.by, 0),
        error,
      }),
    )
}
