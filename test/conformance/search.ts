/** @module The Search port's conformance suite; every adapter must pass it unchanged. */
import { beforeEach, describe, expect, it } from 'vitest'
import type { SearchDocument, SearchPort, SearchQuery, SearchResult } from '#domain/ports/search'
import { catalogFixture, facetsOf, matching } from '../fixtures/catalog-fixture'

const browse = (over: Partial<SearchQuery> = {}): SearchQuery => ({
  q: '',
  sort: 'relevance',
  page: 1,
  limit: 50,
  ...over,
})
const ids = (r: SearchResult) => r.hits.map((h) => h.id)
const byId = (a: SearchDocument, b: SearchDocument) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * Runs the suite against the adapter `make` returns. Each test starts from an empty index holding
 * the fixture catalog, so the suite also runs against a shared real server.
 */
export function describeSearchConformance(name: string, make: () => SearchPort) {
  describe(`Search conformance: ${name}`, () => {
    const catalog = catalogFixture()
    const doc = (id: string) => catalog.find((d) => d.id === id) as SearchDocument
    let search: SearchPort
    let seededFrom = 0

    beforeEach(async () => {
      search = make()
      await search.clear()
      seededFrom = Date.now()
      await search.upsert(catalogFixture())
    })

    it('answers ping', async () => {
      await expect(search.ping()).resolves.toBeUndefined()
    })

    it('finds a product by an exact word, by a prefix and by a word with one typo', async () => {
      const exact = await search.search(browse({ q: 'turntable' }))
      expect(ids(exact)[0]).toBe('p06')
      expect(exact.hits[0]).toEqual({ ...pick(doc('p06')), highlight: expect.any(String) })

      const prefix = await search.search(browse({ q: 'head' }))
      expect(ids(prefix)).toEqual(expect.arrayContaining(['p01', 'p05', 'p07', 'p26']))

      expect(ids(await search.search(browse({ q: 'headphnes' })))).toEqual(
        expect.arrayContaining(['p01', 'p05']),
      )
      expect(ids(await search.search(browse({ q: 'ketle' })))[0]).toBe('p14')
    })

    it('ranks typo-free matches above typo matches and title matches above description ones', async () => {
      const lamp = ids(await search.search(browse({ q: 'lamp' })))
      expect(lamp.slice(0, 3).sort()).toEqual(['p10', 'p17', 'p18'])
      expect(lamp).toContain('p24')

      const wireless = ids(await search.search(browse({ q: 'wireless' })))
      expect(wireless.slice(0, 2).sort()).toEqual(['p02', 'p09'])
      expect([...wireless].sort()).toEqual(['p01', 'p02', 'p04', 'p09', 'p27'])
      const grinder = ids(await search.search(browse({ q: 'grinder' })))
      expect(grinder).toEqual(['p15', 'p16'])
    })

    it('filters by category, brand, price range and stock, counting facets over the filtered set', async () => {
      const cases: [Partial<SearchQuery>, (d: SearchDocument) => boolean][] = [
        [{ category: 'Audio' }, (d) => d.category === 'Audio'],
        [{ category: 'audio' }, (d) => d.category === 'Audio'],
        [{ brand: 'Voltix' }, (d) => d.brand === 'Voltix'],
        [{ minPrice: 3900, maxPrice: 8900 }, (d) => d.priceMinor >= 3900 && d.priceMinor <= 8900],
        [{ inStock: false }, (d) => !d.inStock],
        [
          { category: 'Audio', inStock: true, maxPrice: 10000 },
          (d) => d.category === 'Audio' && d.inStock && d.priceMinor <= 10000,
        ],
      ]
      for (const [filter, keep] of cases) {
        const expected = catalog.filter(keep)
        const result = await search.search(browse({ ...filter, sort: 'price_asc' }))
        expect([...ids(result)].sort(), JSON.stringify(filter)).toEqual(
          expected.map((d) => d.id).sort(),
        )
        expect(result.total).toBe(expected.length)
        expect(result.facets).toEqual(facetsOf(expected))
      }
    })

    it('combines words with filters', async () => {
      const result = await search.search(browse({ q: 'wireless', inStock: true, brand: 'voltix' }))
      const expected = matching(catalog, 'wireless').filter(
        (d) => d.inStock && d.brand === 'Voltix',
      )
      expect([...ids(result)].sort()).toEqual(expected.map((d) => d.id).sort())
      expect(result.facets).toEqual(facetsOf(expected))
      const none = await search.search(browse({ q: 'turntable', category: 'Kitchen' }))
      expect(none).toMatchObject({ hits: [], total: 0, facets: { category: {}, brand: {} } })
    })

    it('holds every sort order with the id as tie-break, with and without words', async () => {
      const orders = {
        price_asc: (a: SearchDocument, b: SearchDocument) => a.priceMinor - b.priceMinor,
        price_desc: (a: SearchDocument, b: SearchDocument) => b.priceMinor - a.priceMinor,
        newest: (a: SearchDocument, b: SearchDocument) => b.createdAt - a.createdAt,
        popularity: (a: SearchDocument, b: SearchDocument) => b.popularity - a.popularity,
        // Browsing has no relevance: it shows the most popular first.
        relevance: (a: SearchDocument, b: SearchDocument) => b.popularity - a.popularity,
      }
      for (const [sort, cmp] of Object.entries(orders)) {
        const all = await search.search(browse({ sort: sort as SearchQuery['sort'] }))
        const expected = [...catalog].sort((a, b) => cmp(a, b) || byId(a, b)).map((d) => d.id)
        expect(ids(all), sort).toEqual(expected)
        if (sort === 'relevance') continue
        const words = await search.search(
          browse({ q: 'wireless', sort: sort as SearchQuery['sort'] }),
        )
        const hits = matching(catalog, 'wireless').sort((a, b) => cmp(a, b) || byId(a, b))
        expect(ids(words), `wireless ${sort}`).toEqual(hits.map((d) => d.id))
      }
    })

    it('gives the same order for the same query every time', async () => {
      for (const q of [
        browse({ q: 'lamp' }),
        browse({ q: 'speaker wireless' }),
        browse({ sort: 'price_asc', limit: 30 }),
      ]) {
        const first = await search.search(q)
        expect(await search.search(q)).toEqual(first)
      }
    })

    it('pages through the results without gaps or repeats', async () => {
      const expected = [...catalog]
        .sort((a, b) => a.priceMinor - b.priceMinor || byId(a, b))
        .map((d) => d.id)
      const seen: string[] = []
      for (let page = 1; page <= 5; page++) {
        const result = await search.search(browse({ sort: 'price_asc', page, limit: 7 }))
        expect(result).toMatchObject({ page, limit: 7, total: catalog.length })
        seen.push(...ids(result))
      }
      expect(seen).toEqual(expected)
      const past = await search.search(browse({ sort: 'price_asc', page: 6, limit: 7 }))
      expect(past).toMatchObject({ hits: [], total: catalog.length })
    })

    it('highlights the matched words of the title only when there are words', async () => {
      const result = await search.search(browse({ q: 'head', category: 'Audio' }))
      expect(result.hits.length).toBeGreaterThan(0)
      for (const hit of result.hits) {
        expect(hit.highlight).toMatch(/<mark>head/i)
        expect(hit.highlight?.replace(/<\/?mark>/g, '')).toBe(hit.title)
      }
      const plain = await search.search(browse({ category: 'Audio' }))
      expect(plain.hits.every((h) => h.highlight === undefined)).toBe(true)
    })

    it('treats operators, quotes and symbols in the query as plain words', async () => {
      for (const q of ['"head', 'head*', 'head:', '(head', 'head)', '^head', 'head"']) {
        const result = await search.search(browse({ q }))
        expect(ids(result), q).toEqual(expect.arrayContaining(['p01', 'p05', 'p07', 'p26']))
      }
      // Operator words are words like any other: every one must match, and none of these does.
      expect((await search.search(browse({ q: 'title:head' }))).total).toBe(0)
      for (const q of ['"', '***', 'NOT', '-', '😀', 'AND OR NOT', '"a" OR "b"']) {
        await expect(search.search(browse({ q })), q).resolves.toHaveProperty('total')
      }
    })

    it('skips older versions, replaces on an equal version and applies newer ones', async () => {
      const base = doc('p09')
      await search.upsert([{ ...base, version: 3, title: 'Wireless Mouse Mk3' }])
      await search.upsert([{ ...base, version: 2, title: 'Wireless Mouse Mk2' }])
      const find = async () =>
        (await search.search(browse({ q: 'mouse' }))).hits.find((h) => h.id === 'p09')
      expect(await find()).toMatchObject({ title: 'Wireless Mouse Mk3', inStock: true })
      await search.upsert([{ ...base, version: 3, title: 'Wireless Mouse Mk3', inStock: false }])
      expect(await find()).toMatchObject({ title: 'Wireless Mouse Mk3', inStock: false })
      await search.upsert([{ ...base, version: 4, title: 'Wireless Mouse Mk4' }])
      expect(await find()).toMatchObject({ title: 'Wireless Mouse Mk4' })
    })

    it('removes with a tombstone that older or equal upserts cannot pass, but newer ones can', async () => {
      const base = doc('p06')
      await search.remove('p06', 2)
      expect(ids(await search.search(browse({ q: 'turntable' })))).toEqual([])
      await search.upsert([{ ...base, version: 1 }])
      await search.upsert([{ ...base, version: 2 }])
      expect((await search.search(browse({ q: 'turntable' }))).total).toBe(0)
      await search.remove('p07', 0)
      expect(ids(await search.search(browse({ q: 'headset' })))).toEqual(['p07'])
      await search.remove('ghost', 5)
      await search.upsert([{ ...base, id: 'ghost', version: 4, title: 'Ghost Turntable' }])
      expect((await search.search(browse({ q: 'ghost' }))).total).toBe(0)
      await search.upsert([{ ...base, version: 3, title: 'Turntable Reissue' }])
      expect(ids(await search.search(browse({ q: 'turntable' })))).toEqual(['p06'])
    })

    it('reports its size and last write, and empties on clear', async () => {
      const stats = await search.stats()
      expect(stats.documents).toBe(catalog.length)
      expect(stats.lastUpdatedAt).toBeGreaterThanOrEqual(seededFrom)
      await search.remove('p01', 1)
      expect((await search.stats()).documents).toBe(catalog.length - 1)
      await search.clear()
      expect(await search.stats()).toEqual({ documents: 0, lastUpdatedAt: null })
      expect(await search.search(browse())).toMatchObject({ hits: [], total: 0 })
      // A clear drops tombstones too: a reindex may bring removed products back at any version.
      await search.upsert([doc('p01')])
      expect(ids(await search.search(browse({ q: 'studio' })))).toEqual(['p01'])
    })
  })
}

/** The fields of a document a hit carries. */
function pick(d: SearchDocument) {
  return {
    id: d.id,
    title: d.title,
    brand: d.brand,
    category: d.category,
    priceMinor: d.priceMinor,
    inStock: d.inStock,
  }
}
