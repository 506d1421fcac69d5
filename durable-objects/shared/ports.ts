/**
 * @module The one place that chooses each port's adapter from the secrets present. Both Workers and
 * every object that reaches a port (the shopper's archive checks, the SKUs' stock hints) import it.
 */

import { D1DatabaseAdapter } from '#adapters/d1/database'
import { MeilisearchSearch } from '#adapters/meilisearch/search'
import { PlanetScaleDatabaseAdapter } from '#adapters/planetscale/database'
import { createRedis } from '#adapters/upstash/client'
import { UpstashCounters } from '#adapters/upstash/counters'
import type { CountersPort } from '#domain/ports/counters'
import type { DatabasePort } from '#domain/ports/database'
import type { SearchPort } from '#domain/ports/search'
import { DurableObjectCounters } from '../counters/adapter'
import type { Counters } from '../counters/counters'
import { DurableObjectSearch } from '../search-index/adapter'
import type { SearchIndex } from '../search-index/search-index'

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

/** The bindings that choose the Database adapter. */
export type DatabaseBindings = Pick<PortBindings, 'DB' | 'DATABASE_URL'>
/** The bindings that choose the Counters adapter. */
export type CountersBindings = Pick<
  PortBindings,
  'COUNTERS' | 'UPSTASH_REDIS_REST_URL' | 'UPSTASH_REDIS_REST_TOKEN'
>

/** PlanetScale when DATABASE_URL is set, else D1. */
export function databaseFor(b: DatabaseBindings): DatabasePort {
  return b.DATABASE_URL
    ? new PlanetScaleDatabaseAdapter(b.DATABASE_URL)
    : new D1DatabaseAdapter(b.DB)
}

/** Upstash when both of its secrets are set, else the Counters object. */
export function countersFor(b: CountersBindings): CountersPort {
  return b.UPSTASH_REDIS_REST_URL && b.UPSTASH_REDIS_REST_TOKEN
    ? new UpstashCounters(
        createRedis({ url: b.UPSTASH_REDIS_REST_URL, token: b.UPSTASH_REDIS_REST_TOKEN }),
      )
    : new DurableObjectCounters(b.COUNTERS)
}

/** Meilisearch when its host and key are set, else the embedded search object. */
export function searchFor(b: PortBindings): SearchPort {
  return b.MEILISEARCH_HOST && b.MEILISEARCH_API_KEY
    ? new MeilisearchSearch({ host: b.MEILISEARCH_HOST, apiKey: b.MEILISEARCH_API_KEY })
    : new DurableObjectSearch(b.SEARCH_INDEX)
}

/** Builds the adapters; no I/O happens here, so it is cheap enough to run per request. */
export function buildPorts(b: PortBindings): Ports {
  return { database: databaseFor(b), search: searchFor(b), counters: countersFor(b) }
}
