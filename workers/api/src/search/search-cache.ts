/**
 * @module Search answers kept at the edge: the Cache API of this location holds each normalised
 * query's answer for SEARCH_CACHE_SECONDS, so a popular query costs the index one search per
 * location per TTL instead of one per request; each isolate also keeps the answers it sent for
 * MEMORY_CACHE_SECONDS, never past their own SEARCH_CACHE_SECONDS, so a hot query skips the
 * Cache API too.
 */
import { MemoryCache } from '#domain/cache/memory-cache'
import type { SearchQuery, SearchResult } from '#domain/ports/search'

/** Seconds a location keeps a search answer unless SEARCH_CACHE_SECONDS says otherwise. */
const DEFAULT_TTL_SECONDS = 10

/**
 * Seconds a location keeps a search answer (SEARCH_CACHE_SECONDS, 10 by default; 0 turns the
 * cache off): part of the search staleness budget in the README.
 */
export function searchTtlSeconds(env: { SEARCH_CACHE_SECONDS?: string }): number {
  const seconds = Number(env.SEARCH_CACHE_SECONDS ?? DEFAULT_TTL_SECONDS)
  return Number.isFinite(seconds) && seconds >= 0 ? Math.floor(seconds) : DEFAULT_TTL_SECONDS
}

/** Header carrying the answer's total on a cached response, so a hit can be counted without parsing. */
export const TOTAL_HEADER = 'x-search-total'
/** Header carrying when the answer was computed (Unix ms), so a hit knows its age. */
export const STORED_HEADER = 'x-search-stored-at'

/** Share of the lifetime after which a hit refreshes its entry in the background. */
const REFRESH_AHEAD = 0.7

/** Answers an isolate keeps in memory at most: many distinct queries cannot grow it further. */
const MEMORY_ENTRIES = 500

/** An answer as it is kept: its JSON, its total (for trending) and when it was computed (ms). */
export interface KeptAnswer {
  body: string
  total: number
  storedAt: number
}

// Module state: one per isolate, gone with it.
const kept = new MemoryCache<KeptAnswer>(MEMORY_ENTRIES)

// Keys this isolate is refreshing now: one refresh per key, however many hits see it ageing.
const refreshing = new Set<string>()

/**
 * Runs `refresh` (a search and a cache fill) in the background when a hit's answer, computed at
 * `storedAt`, is past REFRESH_AHEAD of its lifetime and no refresh of `key` is running here.
 * Under steady traffic the entry is renewed before it expires, so its readers never all miss at
 * once and queue on the index together (the tail measured at each expiry); an answer still never
 * outlives its TTL.
 */
export function refreshAhead(
  storedAt: number,
  key: string,
  ttlSeconds: number,
  refresh: () => Promise<void>,
): Promise<void> | undefined {
  if (Date.now() - storedAt < ttlSeconds * 1000 * REFRESH_AHEAD) return undefined
  if (refreshing.has(key)) return undefined
  refreshing.add(key)
  return refresh().finally(() => refreshing.delete(key))
}

/**
 * The key of a query: its words case- and space-folded (the index ignores both), every filter,
 * the sort, the page and the limit, in a fixed order, so equal queries share one entry.
 */
export function searchKey(query: SearchQuery): string {
  const params = new URLSearchParams()
  params.set('q', query.q.toLowerCase().replace(/\s+/g, ' ').trim())
  for (const name of ['category', 'brand', 'minPrice', 'maxPrice', 'inStock'] as const) {
    if (query[name] !== undefined) params.set(name, String(query[name]))
  }
  params.set('sort', query.sort)
  params.set('page', String(query.page))
  params.set('limit', String(query.limit))
  return `https://search-cache.internal/v1/search?${params}`
}

/** The Cache API key of a query (see {@link searchKey}). */
export function searchCacheKey(query: SearchQuery): Request {
  return new Request(searchKey(query))
}

/** The cached answer of a query at this location; a failing Cache API is a miss. */
export async function readSearchCache(
  cache: Cache,
  query: SearchQuery,
  warn: (msg: string, fields: object) => void,
): Promise<KeptAnswer | undefined> {
  try {
    const cached = await cache.match(searchCacheKey(query))
    if (!cached) return undefined
    return {
      body: await cached.text(),
      total: Number(cached.headers.get(TOTAL_HEADER) ?? 0),
      storedAt: Number(cached.headers.get(STORED_HEADER) ?? 0),
    }
  } catch (error) {
    warn('search cache read failed; searching', { error })
    return undefined
  }
}

/** This isolate's copy of the answer under `key`, while it is younger than both lifetimes. */
export function readSearchMemory(key: string): KeptAnswer | undefined {
  return kept.get(key, Date.now())
}

/**
 * Keeps an answer in this isolate for `memorySeconds` (0: not at all), never past `ttlSeconds`
 * after it was computed: the memory adds nothing to the search staleness budget.
 */
export function writeSearchMemory(
  key: string,
  answer: KeptAnswer,
  ttlSeconds: number,
  memorySeconds: number,
): void {
  if (memorySeconds <= 0 || ttlSeconds <= 0) return
  const now = Date.now()
  const until = Math.min(now + memorySeconds * 1000, answer.storedAt + ttlSeconds * 1000)
  kept.set(key, answer, until, now)
}

/** A fresh answer of the index, computed now. */
export function keptAnswer(result: SearchResult): KeptAnswer {
  return { body: JSON.stringify(result), total: result.total, storedAt: Date.now() }
}

/** The response of an answer as the Cache API keeps it. */
export function searchResponse(answer: KeptAnswer, ttlSeconds: number): Response {
  return new Response(answer.body, {
    headers: {
      'content-type': 'application/json',
      'cache-control': `public, max-age=0, s-maxage=${ttlSeconds}`,
      [TOTAL_HEADER]: String(answer.total),
      [STORED_HEADER]: String(answer.storedAt),
    },
  })
}

/** Keeps an answer at this location; failures are logged, never thrown. */
export function writeSearchCache(
  cache: Cache,
  query: SearchQuery,
  response: Response,
  warn: (msg: string, fields: object) => void,
): Promise<void> {
  return Promise.resolve()
    .then(() => cache.put(searchCacheKey(query), response))
    .catch((error) => warn('search cache fill failed', { error }))
}
