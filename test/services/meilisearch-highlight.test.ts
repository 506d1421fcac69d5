/** @module The Meilisearch adapter's highlights are safe HTML: escaped first, then marked. */
import { describe, expect, it } from 'vitest'
import { toSearchParams, toSearchResult } from '#adapters/meilisearch/mapping'
import type { SearchQuery } from '#domain/ports/search'

const query: SearchQuery = { q: 'onerror', sort: 'relevance', page: 1, limit: 20 }

describe('Meilisearch highlights', () => {
  it('asks for private-use marks and turns them into <mark> after escaping the title', () => {
    const { params } = toSearchParams(query)
    expect([params.highlightPreTag, params.highlightPostTag]).toEqual(['\uE000', '\uE001'])
    const title = '<img src=x onerror=alert(1)>'
    const result = toSearchResult(query, true, {
      hits: [
        {
          productId: 'p1',
          title,
          brand: 'B',
          category: 'C',
          priceMinor: 1,
          inStock: true,
          _formatted: { title: '<img src=x \uE000onerror\uE001=alert(1)>' },
        },
      ],
      totalHits: 1,
      processingTimeMs: 1,
      query: 'onerror',
    } as never)
    expect(result.hits[0]?.highlight).toBe('&lt;img src=x <mark>onerror</mark>=alert(1)&gt;')
    expect(result.hits[0]?.title).toBe(title)
  })
})
