/**
 * @module Contract tests of MeilisearchSearch against recorded Meilisearch exchanges, in Node.
 *
 * No Meilisearch server can be installed on these machines. These tests run the adapter, through
 * the official `meilisearch` client, against a local HTTP server that answers only the
 * request/response pairs recorded in test/fixtures/meilisearch/*.json. Those pairs are written
 * from the shapes the Meilisearch documentation shows (each file cites its pages); they were not
 * captured from a running server.
 *
 * What this proves: the exact requests the adapter sends for each port operation (method, path,
 * JSON body, bearer key): settings and index creation, the versioned write sequence (fetch current
 * ranks, add, wait on the task, delete older ranks by filter, wait), search parameters (filter with
 * quoted values, sort with its tie-break, facets, page/hitsPerPage, highlight tags), stats and
 * clear; and that documented responses (search with totalHits, facetDistribution and _formatted,
 * task objects succeeded or failed, error objects such as 404 index_not_found) map to the right
 * SearchResult, SearchStats or UpstreamError. Any request no recorded exchange matches fails the
 * test, and so does a recorded exchange the adapter never sent.
 *
 * What this does not prove: that a real server answers this way. Ranking, typo tolerance, prefix
 * matching, facet counting, distinct, filter parsing and the task queue's ordering are
 * Meilisearch's own; only the Search conformance suite run against a real server (with
 * MEILISEARCH_HOST set) exercises them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { MeilisearchSearch } from '#adapters/meilisearch/search'
import { UpstreamError } from '#domain/errors'
import type { SearchDocument, SearchQuery } from '#domain/ports/search'
import { type Contract, loadContracts, ReplayServer } from '../fixtures/meilisearch/replay-server'

const NOW = 1767225600000
const KEY = 'contract-key'
const contracts = loadContracts()
let server: ReplayServer
let loaded: Contract[] = []
/** Contracts some test replayed: a recorded contract no test uses fails the run. */
const replayed = new Set<string>()

/** Loads the named contracts and returns a fresh adapter pointed at the replay server. */
function replay(...names: string[]): MeilisearchSearch {
  loaded = names.map((n) => {
    replayed.add(n)
    const c = contracts.get(n)
    if (!c) throw new Error(`no contract ${n}`)
    return c
  })
  server.load(...loaded)
  return new MeilisearchSearch({ host: server.url, apiKey: KEY, taskTimeoutMs: 2_000 })
}

const doc = (id: string, version: number, over: Partial<SearchDocument> = {}): SearchDocument => ({
  id,
  version,
  title: 'Wireless Earbuds',
  description: 'Compact.',
  brand: 'Voltix',
  category: 'Audio',
  priceMinor: 8900,
  inStock: true,
  createdAt: 1735693200000,
  popularity: 120,
  skus: [`${id}-std`],
  ...over,
})
const browse: SearchQuery = { q: '', sort: 'relevance', page: 1, limit: 20 }

beforeAll(async () => {
  server = await ReplayServer.start()
  // Only Date is faked: documents carry indexedAt = now, and the bodies must match exactly.
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(NOW)
})
afterAll(async () => {
  vi.useRealTimers()
  await server.close()
  expect([...contracts.keys()].filter((n) => !replayed.has(n))).toEqual([])
})
afterEach(() => {
  expect(server.unmatched, 'requests with no recorded contract').toEqual([])
  expect(server.remaining(), 'recorded exchanges never requested').toEqual([])
  if (!loaded.some((c) => c.unordered)) {
    expect(server.used).toEqual(server.used.map((_, i) => i))
  }
  for (const r of server.received) {
    expect(r.headers.authorization, `${r.method} ${r.path}`).toBe(`Bearer ${KEY}`)
    expect(r.headers['content-type']).toBe('application/json')
  }
})

describe('MeilisearchSearch against recorded contracts', () => {
  it('every contract cites the Meilisearch documentation it is taken from', () => {
    expect(contracts.size).toBeGreaterThanOrEqual(12)
    for (const [name, c] of contracts) {
      expect(c.source.length, name).toBeGreaterThan(0)
      for (const url of c.source)
        expect(url, name).toMatch(/^https:\/\/www\.meilisearch\.com\/docs\//)
    }
    loaded = []
    server.load()
  })

  it('pings GET /health', async () => {
    await expect(replay('health').ping()).resolves.toBeUndefined()
  })

  it('creates the missing index with primary key id, applies the settings, once per instance', async () => {
    const search = replay('settings-create')
    await search.ensureSettings()
    await search.ensureSettings()
  })

  it('leaves settings the server already holds alone, and replaces outdated ones', async () => {
    await replay('settings-current').ensureSettings()
    await replay('settings-outdated').ensureSettings()
  })

  it('upserts only what is newer, then deletes the older versions it superseded', async () => {
    await replay('upsert').upsert([
      doc('p1', 2, { title: 'Studio Headphones' }),
      doc('p2', 2),
      doc('p2', 1, { title: 'Wireless Earbuds (old)' }),
      doc('p3', 1, {
        title: 'Turntable',
        brand: 'Sonora',
        description: 'Belt drive.',
        priceMinor: 24900,
        createdAt: 1735696800000,
        popularity: 15,
      }),
    ])
  })

  it('removes with a tombstone above the live version; a stale remove writes nothing', async () => {
    const search = replay('remove')
    await search.remove('p1', 3)
    await search.remove('p1', 2)
    await search.remove('p9', 1)
  })

  it('sends filters with quoted values, sort, facets, paging and highlight, and maps the answer', async () => {
    const search = replay('search')
    const result = await search.search({
      q: '-wireless "head',
      category: 'Audio',
      brand: 'Sono"ra\\',
      minPrice: 1000,
      maxPrice: 20000,
      inStock: true,
      sort: 'price_asc',
      page: 2,
      limit: 2,
    })
    const brand = 'Sono"ra\\'
    expect(result).toEqual({
      hits: [
        {
          id: 'p4',
          title: 'Wireless Headphones Lite',
          brand,
          category: 'Audio',
          priceMinor: 6900,
          inStock: true,
          highlight: '<mark>Wireless</mark> <mark>Head</mark>phones Lite',
        },
        {
          id: 'p1',
          title: 'Studio Headphones',
          brand,
          category: 'Audio',
          priceMinor: 19900,
          inStock: true,
          highlight: 'Studio <mark>Head</mark>phones',
        },
      ],
      total: 5,
      page: 2,
      limit: 2,
      facets: { category: { Audio: 5 }, brand: { [brand]: 5 } },
    })
    const browsed = await search.search({ ...browse, limit: 3 })
    expect(browsed.total).toBe(30)
    expect(browsed.hits.map((h) => h.id)).toEqual(['p2', 'p9', 'p1'])
    expect(browsed.hits.every((h) => !('highlight' in h))).toBe(true)
    expect(browsed.facets.brand).toEqual({ Keystone: 5, Sonora: 4, Voltix: 21 })
  })

  it('answers an empty result and empty stats while the index does not exist', async () => {
    const search = replay('index-not-found')
    expect(await search.search(browse)).toEqual({
      hits: [],
      total: 0,
      page: 1,
      limit: 20,
      facets: { category: {}, brand: {} },
    })
    expect(await search.stats()).toEqual({ documents: 0, lastUpdatedAt: null })
  })

  it('applies missing settings and retries once when a search finds an attribute not filterable', async () => {
    const result = await replay('search-settings-missing').search(browse)
    expect(result).toMatchObject({ hits: [], total: 0 })
  })

  it('wraps failures as UpstreamError: 5xx retryable, auth and failed tasks not', async () => {
    const search = replay('errors')
    const system = await search.search(browse).catch((e: unknown) => e)
    expect(system).toBeInstanceOf(UpstreamError)
    expect(system).toMatchObject({ service: 'meilisearch', status: 500, retryable: true })
    const auth = await search.search(browse).catch((e: unknown) => e)
    expect(auth).toMatchObject({ service: 'meilisearch', status: 403, retryable: false })
    expect((auth as Error).message).toContain('invalid_api_key')
    const failed = await search
      .upsert([
        doc('p3', 1, {
          title: 'Turntable',
          brand: 'Sonora',
          description: 'Belt drive.',
          priceMinor: 24900,
          createdAt: 1735696800000,
          popularity: 15,
        }),
      ])
      .catch((e: unknown) => e)
    expect(failed).toBeInstanceOf(UpstreamError)
    expect(failed).toMatchObject({ retryable: false })
    expect((failed as Error).message).toMatch(/task 30.*failed.*invalid_document_id/)
  })

  it('wraps an unreachable server as a retryable UpstreamError', async () => {
    loaded = []
    server.load()
    const search = new MeilisearchSearch({ host: 'http://127.0.0.1:9', apiKey: KEY })
    await expect(search.ping()).rejects.toMatchObject({ service: 'meilisearch', retryable: true })
  })

  it('clears every document and waits; a missing index is already clear', async () => {
    const search = replay('clear')
    await search.clear()
    await search.clear()
  })

  it('counts live documents and reads the newest write for stats', async () => {
    expect(await replay('stats').stats()).toEqual({ documents: 28, lastUpdatedAt: NOW })
  })
})
