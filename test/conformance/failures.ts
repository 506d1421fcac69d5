/**
 * @module The failure half of every port's conformance suite: with its service unreachable or
 * erroring, every adapter fails the same way, with an UpstreamError (code `upstream_unavailable`,
 * answered 503 by the API) that names its service, so callers decide retry or fallback on one type.
 */
import { describe, expect, it } from 'vitest'
import type { CountersPort } from '#domain/ports/counters'
import type { DatabasePort } from '#domain/ports/database'
import type { RateLimitPort } from '#domain/ports/rate-limit'
import type { SearchPort } from '#domain/ports/search'
import { catalogFixture } from '#test/fixtures/catalog-fixture'

/** An adapter whose service fails, what it should name, and (when the failure says) whether a retry may help. */
export interface FailingAdapter<P> {
  /** The adapter and how its service fails, e.g. `planetscale, unreachable`. */
  name: string
  make: () => P
  service: string
  retryable?: boolean
}

/** Every call must reject with the one UpstreamError shape. */
function describeFailures<P>(
  port: string,
  adapter: FailingAdapter<P>,
  calls: Record<string, (p: P) => Promise<unknown>>,
) {
  describe(`${port} conformance, failures: ${adapter.name}`, () => {
    for (const [call, run] of Object.entries(calls))
      it(`fails ${call} with UpstreamError naming ${adapter.service}`, async () => {
        const error = await run(adapter.make()).then(
          (value) => ({ resolved: value }),
          (err: unknown) => err,
        )
        expect(error).toMatchObject({
          name: 'UpstreamError',
          code: 'upstream_unavailable',
          service: adapter.service,
          details: { service: adapter.service },
          ...(adapter.retryable === undefined ? {} : { retryable: adapter.retryable }),
        })
      })
  })
}

const order = 'conformance-failure-order'

/** The Database port: ping and each store's reads and writes. */
export function describeDatabaseFailures(adapter: FailingAdapter<DatabasePort>) {
  describeFailures('Database', adapter, {
    ping: (db) => db.ping(),
    'catalog.get': (db) => db.catalog.get('p-missing'),
    'catalog.variantsBySku': (db) => db.catalog.variantsBySku(['SKU-1']),
    'users.findByEmail': (db) => db.users.findByEmail('nobody@example.com'),
    'sessions.findRefreshToken': (db) => db.sessions.findRefreshToken('0'.repeat(64)),
    'sessions.retireRefreshToken': (db) => db.sessions.retireRefreshToken('0'.repeat(64), 1),
    'sessions.findGuest': (db) => db.sessions.findGuest('00000000-0000-4000-8000-000000000000'),
    'archive.getOrder': (db) => db.archive.getOrder(order),
    'archive.archivedVersions': (db) => db.archive.archivedVersions([order]),
    'deadLetters.count': (db) => db.deadLetters.count(),
    'webhooks.listEndpoints': (db) => db.webhooks.listEndpoints(),
    'webhooks.claimDelivery': (db) => db.webhooks.claimDelivery('whd_missing', 1, 2),
  })
}

/** The Counters port: reads, writes and the once-only batch. */
export function describeCountersFailures(adapter: FailingAdapter<CountersPort>) {
  describeFailures('Counters', adapter, {
    ping: (c) => c.ping(),
    incrBy: (c) => c.incrBy('failure:views', 1),
    getMany: (c) => c.getMany(['failure:a', 'failure:b']),
    zTop: (c) => c.zTop('failure:bestsellers', 3),
    applyOnce: (c) => c.applyOnce('failure:once', [{ kind: 'incr', key: 'failure:x', by: 1 }]),
  })
}

/** The Rate-limit port: ping and a check (callers fail open on exactly this error). */
export function describeRateLimitFailures(adapter: FailingAdapter<RateLimitPort>) {
  describeFailures('Rate-limit', adapter, {
    ping: (r) => r.ping(),
    limit: (r) => r.limit('failure:ip'),
  })
}

/** The Search port: queries and writes. */
export function describeSearchFailures(adapter: FailingAdapter<SearchPort>) {
  describeFailures('Search', adapter, {
    ping: (s) => s.ping(),
    search: (s) => s.search({ q: 'shoe', sort: 'relevance', page: 1, limit: 5 }),
    upsert: (s) => s.upsert(catalogFixture().slice(0, 1)),
    stats: (s) => s.stats(),
  })
}
