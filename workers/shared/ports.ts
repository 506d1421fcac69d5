/** @module Chooses each port's adapter from the secrets present; shared by both Workers. */

import { D1DatabaseAdapter } from '#adapters/d1/database'
import { MeilisearchSearch } from '#adapters/meilisearch/search'
import { PlanetScaleDatabaseAdapter } from '#adapters/planetscale/database'
import { createRedis } from '#adapters/upstash/client'
import { UpstashCounters } from '#adapters/upstash/counters'
import type { CountersPort } from '#domain/ports/counters'
import type { DatabasePort } from '#domain/ports/database'
import type { SearchPort } from '#domain/ports/search'
import { DurableObjectCounters } from '#objects/counters/adapter'
import type { Counters } from '#objects/counters/counters'
import { DurableObjectSearch } from '#objects/search-index/adapter'
import type { SearchIndex } from '#objects/search-index/search-index'

/** The bindings and optional secrets that decide the adapters. Secrets absent → embedded adapter. */
export interface PortBindings {
  DB: D1Database
  SEARCH_INDEX: DurableObjectNamespace<SearchIndex>
  COUNTERS: DurableObjectNamespace<Counters>
  DATABASE_URL?: string
  UPSTASH_REDIS_REST_URL?: string
  UPSTASH_REDIS_REST_TOKEN?: string
  MEILISEARCH_HOST?: string
  MEILISEARCH_API_KEY?: string
}

/** The ports both Workers use. */
export interface Ports {
  database: DatabasePort
  search: SearchPort
  counters: CountersPort
}

/** True when both parts of an Upstash connection are set. */
export function hasUpstash(
  b: PortBindings,
): b is PortBindings &
  Required<Pick<PortBindings, 'UPSTASH_REDIS_REST_URL' | 'UPSTASH_REDIS_REST_TOKEN'>> {
  return Boolean(b.UPSTASH_REDIS_REST_URL && b.UPSTASH_REDIS_REST_TOKEN)
}

/** Builds the adapters; no I/O happens here, so it is cheap enough to run per request. */
export function buildPorts(b: PortBindings): Ports {
  const database = b.DATABASE_URL
    ? new PlanetScaleDatabaseAdapter(b.DATABASE_URL)
    : new D1DatabaseAdapter(b.DB)
  const search =
    b.MEILISEARCH_HOST && b.MEILISEARCH_API_KEY
      ? new MeilisearchSearch({ host: b.MEILISEARCH_HOST, apiKey: b.MEILISEARCH_API_KEY })
      : new DurableObjectSearch(b.SEARCH_INDEX)
  const counters = hasUpstash(b)
    ? new UpstashCounters(
        createRedis({ url: b.UPSTASH_REDIS_REST_URL, token: b.UPSTASH_REDIS_REST_TOKEN }),
      )
    : new DurableObjectCounters(b.COUNTERS)
  return { database, search, counters }
}
