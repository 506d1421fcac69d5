/** @module Tests of the SearchIndex object beyond the conformance suite: FTS5 specifics, in workerd. */
import { env, evictDurableObject, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { SearchDocument, SearchQuery } from '#domain/ports/search'
import { DurableObjectSearch } from './adapter'
import { SCHEMA_VERSION } from './schema'

let n = 0
/** Each test gets its own index object, so tests never see each other's documents. */
const fresh = () => {
  const name = `search-index-test-${Date.now()}-${n++}`
  return { name, search: new DurableObjectSearch(env.SEARCH_INDEX, name) }
}
const q = (text: string, over: Partial<SearchQuery> = {}): SearchQuery => ({
  q: text,
  sort: 'relevance',
  page: 1,
  limit: 20,
  ...over,
})
const doc = (id: string, over: Partial<SearchDocument>): SearchDocument => ({
  id,
  version: 1,
  title: 'Untitled',
  description: '',
  brand: 'Nobrand',
  category: 'Misc',
  priceMinor: 1000,
  inStock: true,
  createdAt: 0,
  popularity: 0,
  skus: [],
  ...over,
})

describe('SearchIndex', () => {
  it('weights columns title > brand > category > description', async () => {
    const { search } = fresh()
    await search.upsert([
      // Ids run against the expected order, so the id tie-break cannot produce it by accident.
      doc('a-desc', { title: 'Alpha', description: 'zephyr' }),
      doc('b-cat', { title: 'Beta', category: 'Zephyr' }),
      doc('c-brand', { title: 'Gamma', brand: 'Zephyr' }),
      doc('d-title', { title: 'Zephyr' }),
      doc('e-none', { title: 'Delta' }),
    ])
    const ids = (await search.search(q('zephyr'))).hits.map((h) => h.id)
    expect(ids).toEqual(['d-title', 'c-brand', 'b-cat', 'a-desc'])
  })

  it('breaks relevance ties by id', async () => {
    const { search } = fresh()
    await search.upsert(['m', 'c', 'x', 'a'].map((id) => doc(id, { title: 'Same Kettle' })))
    expect((await search.search(q('kettle'))).hits.map((h) => h.id)).toEqual(['a', 'c', 'm', 'x'])
  })

  it('spends one typo from 4 letters and two from 8, none below', async () => {
    const { search } = fresh()
    await search.upsert([
      doc('hub', { title: 'USB Hub' }),
      doc('hp', { title: 'Studio Headphones' }),
      doc('tt', { title: 'Turntable' }),
    ])
    const ids = async (text: string) => (await search.search(q(text))).hits.map((h) => h.id)
    expect(await ids('hud')).toEqual([])
    expect(await ids('hedphnes')).toEqual(['hp'])
    expect(await ids('turntble')).toEqual(['tt'])
    expect(await ids('trntble')).toEqual([])
  })

  it('marks the word a typo matched in the highlight', async () => {
    const { search } = fresh()
    await search.upsert([doc('hp', { title: 'Studio Headphones' })])
    const [hit] = (await search.search(q('studo headphnes'))).hits
    expect(hit?.highlight).toBe('<mark>Studio</mark> <mark>Headphones</mark>')
  })

  it('escapes the catalog’s HTML in highlights, then marks the matches', async () => {
    const { search } = fresh()
    await search.upsert([doc('x', { title: '<img src=x onerror=alert(1)> Kettle & "Co"' })])
    const [hit] = (await search.search(q('onerror kettle'))).hits
    expect(hit?.highlight).toBe(
      '&lt;img src=x <mark>onerror</mark>=alert(1)&gt; <mark>Kettle</mark> &amp; &quot;Co&quot;',
    )
    expect(hit?.title).toBe('<img src=x onerror=alert(1)> Kettle & "Co"')
  })

  it('forgets removed words and learns new ones for typo expansion', async () => {
    const { search } = fresh()
    await search.upsert([doc('k', { title: 'Kettle' }), doc('g', { title: 'Grinder' })])
    expect((await search.search(q('ketle'))).total).toBe(1)
    await search.remove('k', 1)
    expect((await search.search(q('ketle'))).total).toBe(0)
    await search.upsert([doc('t', { title: 'Toaster' })])
    expect((await search.search(q('toastr'))).hits.map((h) => h.id)).toEqual(['t'])
  })

  it('never throws on input that is FTS5 syntax, though the raw syntax does', async () => {
    const { name, search } = fresh()
    await search.upsert([doc('k', { title: 'Kettle' })])
    const raw = env.SEARCH_INDEX.getByName(name)
    await runInDurableObject(raw, (_, state) => {
      expect(() =>
        state.storage.sql.exec("SELECT * FROM docs_fts WHERE docs_fts MATCH '\"kettle'").toArray(),
      ).toThrow()
    })
    for (const text of ['"kettle', 'kettle)', 'NEAR(kettle', 'kettle NOT', '*', 'title:', "'"]) {
      await expect(search.search(q(text))).resolves.toHaveProperty('total')
    }
    expect((await search.search(q('"kettle'))).hits.map((h) => h.id)).toEqual(['k'])
  })

  it('keeps the highest version under concurrent upserts in any order', async () => {
    const { search } = fresh()
    const versions = [7, 3, 12, 1, 9, 12, 5, 11, 2, 8]
    await Promise.all(
      versions.map((v) => search.upsert([doc('p', { version: v, title: `Kettle v${v}` })])),
    )
    expect((await search.search(q('kettle'))).hits[0]?.title).toBe('Kettle v12')
  })

  it('records the last write time, removes included', async () => {
    const { search } = fresh()
    expect(await search.stats()).toEqual({ documents: 0, lastUpdatedAt: null })
    await search.upsert([doc('a', {}), doc('b', {})])
    const first = (await search.stats()).lastUpdatedAt as number
    await new Promise((r) => setTimeout(r, 5))
    await search.remove('a', 1)
    const after = await search.stats()
    expect(after.documents).toBe(1)
    expect(after.lastUpdatedAt).toBeGreaterThan(first)
  })

  it('rebuilds an index left by an older schema when the object starts', async () => {
    const { name, search } = fresh()
    const stub = env.SEARCH_INDEX.getByName(name)
    await runInDurableObject(stub, (_, state) => {
      const sql = state.storage.sql
      sql.exec(`DROP TABLE meta; DROP TRIGGER docs_ai; DROP TRIGGER docs_ad; DROP TRIGGER docs_au;
        DROP TABLE docs_vocab; DROP TABLE docs_fts; DROP TABLE docs; DROP TABLE tombstones;
        CREATE TABLE docs (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);`)
    })
    await evictDurableObject(stub)
    await search.upsert([doc('k', { title: 'Kettle' })])
    expect((await search.search(q('kettle'))).total).toBe(1)
    await runInDurableObject(stub, (_, state) => {
      const row = state.storage.sql
        .exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema_version'")
        .one()
      expect(row.value).toBe(SCHEMA_VERSION)
    })
  })

  it('hands each hit its handle and card image', async () => {
    const { search } = fresh()
    const image = { url: '/v1/images/p/abc.png', width: 40, height: 30, alt: 'A kettle' }
    await search.upsert([doc('k', { title: 'Kettle', handle: 'kettle', image })])
    const [hit] = (await search.search(q('kettle'))).hits
    expect(hit).toMatchObject({ id: 'k', handle: 'kettle', image })
  })

  it('keeps the documents of a version 2 index and adds the card columns', async () => {
    const { name, search } = fresh()
    await search.upsert([doc('k', { title: 'Kettle' })])
    const stub = env.SEARCH_INDEX.getByName(name)
    await runInDurableObject(stub, (_, state) => {
      const sql = state.storage.sql
      // Version 2 had no handle or image columns.
      sql.exec('ALTER TABLE docs DROP COLUMN image; ALTER TABLE docs DROP COLUMN handle')
      sql.exec("UPDATE meta SET value = 2 WHERE key = 'schema_version'")
    })
    await evictDurableObject(stub)
    const [hit] = (await search.search(q('kettle'))).hits
    expect(hit).toMatchObject({ id: 'k', title: 'Kettle' })
    expect(hit?.handle).toBeUndefined()
    await search.upsert([doc('k', { version: 2, title: 'Kettle', handle: 'kettle' })])
    expect((await search.search(q('kettle'))).hits[0]?.handle).toBe('kettle')
  })
})
