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

/** Adds increments to the isolate's tally and flushes it when due. Never throws. */
export function count(c: Context<AppEnv>, ...ops: CounterOp[]): void {
  const tally = tallyOf(c)
  for (const op of ops) tally.add(op)
  flushIfDue(c, tally)
}

/**
 * Adds increments once per client per window for `subject` (a product viewed, a query searched):
 * a client repeating itself moves the counters by one per window at most.
 */
export function countOncePerClient(c: Context<AppEnv>, subject: string, ...ops: CounterOp[]) {
  if (windows.first(clientOf(c), subject, Date.now())) count(c, ...ops)
  else flushIfDue(c, tallyOf(c))
}

/**
 * Takes what is due (synchronously, so no two requests write the same counts) and writes it
 * after the response. A failed write is logged with what it lost and not retried: counting
 * fails open, and the loss is bounded by one flush.
 */
function flushIfDue(c: Context<AppEnv>, tally: CountTally) {
  const seconds = Number(c.env.COUNT_FLUSH_SECONDS ?? DEFAULT_FLUSH_SECONDS)
  const intervalMs = (Number.isFinite(seconds) ? seconds : DEFAULT_FLUSH_SECONDS) * 1000
  const ops = tally.take(Date.now(), intervalMs)
  if (!ops) return
  const counters = c.get('ports').counters
  c.executionCtx.waitUntil(
    counters.addMany(ops).catch((error) =>
      log(c.env, 'warn', 'counts not written', {
        keys: ops.length,
        counts: ops.reduce((n, op) => n + op.by, 0),
        error,
      }),
    ),
  )
}
