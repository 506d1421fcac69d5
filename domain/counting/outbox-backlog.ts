/**
 * @module The outbox backlog across every Order object: events whose first send to the queue
 * failed, less those sent since. Rows sent on their first try are never counted, so the healthy
 * path costs nothing; each row is counted at most once each way (applyOnce by event id).
 */
import type { CounterOp, CountersPort } from '../ports/counters'

export const OUTBOX_DEFERRED_KEY = 'ops:outbox:deferred'
export const OUTBOX_RESENT_KEY = 'ops:outbox:resent'

/** The backlog as the counters store holds it. */
export interface OutboxBacklog {
  /** Events waiting in some object's outbox for a retry. */
  pending: number
  deferred: number
  resent: number
}

const once = (key: string): CounterOp[] => [{ kind: 'incr', key, by: 1 }]

/** Counts events whose send failed; repeating it for the same events changes nothing. */
export async function countDeferred(counters: CountersPort, eventIds: readonly string[]) {
  for (const id of eventIds)
    await counters.applyOnce(`outbox-deferred:${id}`, once(OUTBOX_DEFERRED_KEY))
}

/** Counts events sent after an earlier failure; repeating it changes nothing. */
export async function countResent(counters: CountersPort, eventIds: readonly string[]) {
  for (const id of eventIds)
    await counters.applyOnce(`outbox-resent:${id}`, once(OUTBOX_RESENT_KEY))
}

/**
 * Reads the backlog. A deferral that could not be counted (the counters store was down) is counted
 * at the next retry; one whose retry succeeded first is never counted, so `pending` may undercount
 * after a counters outage but is never below zero.
 */
export async function readOutboxBacklog(counters: CountersPort): Promise<OutboxBacklog> {
  const [deferred = 0, resent = 0] = await counters.getMany([
    OUTBOX_DEFERRED_KEY,
    OUTBOX_RESENT_KEY,
  ])
  return { pending: Math.max(0, deferred - resent), deferred, resent }
}
