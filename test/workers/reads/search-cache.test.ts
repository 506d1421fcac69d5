/**
 * @module Search answers kept at the edge: one normalised query is answered by the index once per
 * location per SEARCH_CACHE_SECONDS, and a cached answer touches no index object; an isolate's
 * memory answers it without the Cache API, never past its SEARCH_CACHE_SECONDS.
 */
import { describe, expect, it, vi } from 'vitest'
import { call, failing, indexDocument } from './helpers'

const tag = () => `t${crypto.randomUUID().slice(0, 8)}`
const KEEP = { SEARCH_CACHE_SECONDS: '10' }
const search = (query: string, bindings: object = {}) =>
  call(`/v1/search?${query}`, {}, { ...KEEP, ...bindings })
// The isolate's memory keeps answers (the test config turns it off).
const MEMORY = { MEMORY_CACHE_SECONDS: '60' }
const total = async (res: Response) => ((await res.json()) as { total: number }).total

describe('search cache', () => {
  it('answers a repeated query from the Cache API, case and spaces folded, without the index', async () => {
    const t = tag()
    await indexDocument(`Cached Boots ${t}`)
    const first = await search(`q=boots+${t}`)
    expect([first.status, first.headers.get('x-cache')]).toEqual([200, 'index'])
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=10')
    const body = await first.json()
    const used: string[] = []
    const again = await search(`q=${encodeURIComponent(`  BOOTS   ${t} `)}`, {
      SEARCH_INDEX: failing('search', used),
    })
    expect([again.status, again.headers.get('x-cache')]).toEqual([200, 'edge'])
    expect(await again.json()).toEqual(body)
    expect(again.headers.has('x-search-total')).toBe(false)
    expect(used).toEqual([])
  })

  it('keeps filters, sort, page and limit apart', async () => {
    const t = tag()
    await indexDocument(`Filtered Boots ${t}`)
    expect((await search(`q=${t}`)).headers.get('x-cache')).toBe('index')
    for (const other of ['inStock=true', 'sort=price_asc', 'page=2', 'limit=5', 'brand=Acme']) {
      expect((await search(`q=${t}&${other}`)).headers.get('x-cache')).toBe('index')
    }
    expect((await search(`q=${t}&limit=5`)).headers.get('x-cache')).toBe('edge')
  })

  it('renews an ageing answer in the background, so readers never all miss at its expiry', async () => {
    const t = tag()
    await indexDocument(`Ageing Boots ${t}`)
    const short = { SEARCH_CACHE_SECONDS: '1' }
    const first = await search(`q=${t}`, short)
    expect([first.headers.get('x-cache'), await total(first)]).toEqual(['index', 1])
    await indexDocument(`Ageing Socks ${t}`)
    // Still young: the cached answer, without the new document.
    const young = await search(`q=${t}`, short)
    expect([young.headers.get('x-cache'), await total(young)]).toEqual(['edge', 1])
    await new Promise((r) => setTimeout(r, 750))
    // Past 70% of its lifetime: still answered from the cache, and renewed after the response.
    const ageing = await search(`q=${t}`, short)
    expect([ageing.headers.get('x-cache'), await total(ageing)]).toEqual(['edge', 1])
    const renewed = await search(`q=${t}`, short)
    expect([renewed.headers.get('x-cache'), await total(renewed)]).toEqual(['edge', 2])
  })

  it("answers a repeated query from the isolate's memory, without the Cache API or the index", async () => {
    const t = tag()
    await indexDocument(`Remembered Boots ${t}`)
    const first = await search(`q=boots+${t}`, MEMORY)
    expect([first.status, first.headers.get('x-cache')]).toEqual([200, 'index'])
    const body = await first.json()
    const used: string[] = []
    const match = vi.spyOn(caches.default, 'match')
    try {
      const again = await search(`q=${encodeURIComponent(`  BOOTS   ${t} `)}`, {
        ...MEMORY,
        SEARCH_INDEX: failing('search', used),
      })
      expect([again.status, again.headers.get('x-cache')]).toEqual([200, 'memory'])
      expect(again.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=10')
      expect(again.headers.has('x-search-total')).toBe(false)
      expect(again.headers.has('x-search-stored-at')).toBe(false)
      expect(await again.json()).toEqual(body)
      expect(match).not.toHaveBeenCalled()
    } finally {
      match.mockRestore()
    }
    expect(used).toEqual([])
  })

  it('never keeps an answer in memory past its SEARCH_CACHE_SECONDS', async () => {
    const t = tag()
    await indexDocument(`Brief Boots ${t}`)
    const short = { ...MEMORY, SEARCH_CACHE_SECONDS: '1' }
    const first = await search(`q=${t}`, short)
    expect([first.headers.get('x-cache'), await total(first)]).toEqual(['index', 1])
    await indexDocument(`Brief Socks ${t}`)
    const young = await search(`q=${t}`, short)
    expect([young.headers.get('x-cache'), await total(young)]).toEqual(['memory', 1])
    // Past the answer's lifetime, though well within the memory's minute: the memory has let go.
    await new Promise((r) => setTimeout(r, 1_100))
    const late = await search(`q=${t}`, short)
    expect(late.headers.get('x-cache')).not.toBe('memory')
  })

  it('renews an ageing answer kept in memory too, in the background', async () => {
    const t = tag()
    await indexDocument(`Ageing Laces ${t}`)
    const short = { ...MEMORY, SEARCH_CACHE_SECONDS: '1' }
    const first = await search(`q=${t}`, short)
    expect([first.headers.get('x-cache'), await total(first)]).toEqual(['index', 1])
    await indexDocument(`Ageing Insoles ${t}`)
    await new Promise((r) => setTimeout(r, 750))
    const ageing = await search(`q=${t}`, short)
    expect([ageing.headers.get('x-cache'), await total(ageing)]).toEqual(['memory', 1])
    const renewed = await search(`q=${t}`, short)
    expect([renewed.headers.get('x-cache'), await total(renewed)]).toEqual(['memory', 2])
    // The location's Cache API was renewed as well: with the memory off it answers the new total.
    const edge = await search(`q=${t}`, { SEARCH_CACHE_SECONDS: '1' })
    expect([edge.headers.get('x-cache'), await total(edge)]).toEqual(['edge', 2])
  })

  it('searches on when the Cache API fails', async () => {
    const t = tag()
    await indexDocument(`Uncached Boots ${t}`)
    const match = vi.spyOn(caches.default, 'match').mockRejectedValue(new Error('cache down'))
    const put = vi.spyOn(caches.default, 'put').mockRejectedValue(new Error('cache down'))
    try {
      const res = await search(`q=${t}`)
      expect([res.status, res.headers.get('x-cache')]).toEqual([200, 'index'])
      expect(((await res.json()) as { total: number }).total).toBe(1)
    } finally {
      match.mockRestore()
      put.mockRestore()
    }
  })
})
