/** @module SearchQuery → Meilisearch search parameters, and the response → SearchResult. */
import type { SearchParams, SearchResponse } from 'meilisearch'
import { highlightHtml, MARK_CLOSE, MARK_OPEN } from '#domain/catalog/highlight'
import type { CardImage, SearchQuery, SearchResult, SearchSort } from '#domain/ports/search'
import { searchFilter } from './filter'

/** The fields a hit needs; everything else (description, skus, version fields) stays on the server. */
const RETRIEVE = [
  'productId',
  'title',
  'brand',
  'category',
  'priceMinor',
  'inStock',
  'handle',
  'image',
]

/**
 * `sort` per SearchSort, always ending on `productId` so ties come out the same way every time.
 * `relevance` with words sends no sort (the built-in ranking rules decide); browsing without
 * words has no relevance, so it shows the most popular first, as the embedded index does.
 */
function sortFor(sort: SearchSort, hasWords: boolean): string[] | undefined {
  switch (sort) {
    case 'price_asc':
      return ['priceMinor:asc', 'productId:asc']
    case 'price_desc':
      return ['priceMinor:desc', 'productId:asc']
    case 'newest':
      return ['createdAt:desc', 'productId:asc']
    case 'popularity':
      return ['popularity:desc', 'productId:asc']
    case 'relevance':
      return hasWords ? undefined : ['popularity:desc', 'productId:asc']
  }
}

/**
 * The query as plain words. Meilisearch reads `"…"` as a phrase and a leading `-` as "exclude this
 * word" (v1.8+); the port promises plain words, so both are taken out.
 */
export function plainWords(q: string): string {
  return q
    .replaceAll('"', ' ')
    .replace(/(^|\s)-+/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * The search request. `page`/`hitsPerPage` make Meilisearch count `totalHits` exhaustively;
 * `matchingStrategy: all` makes every word required, as in the embedded index; the title is
 * highlighted with `<mark>` only when there are words to highlight.
 */
export function toSearchParams(query: SearchQuery): { q: string; params: SearchParams } {
  const q = plainWords(query.q)
  const hasWords = /[\p{L}\p{N}]/u.test(q)
  const sort = sortFor(query.sort, hasWords)
  const params: SearchParams = {
    filter: searchFilter(query),
    facets: ['category', 'brand'],
    page: query.page,
    hitsPerPage: query.limit,
    matchingStrategy: 'all',
    attributesToRetrieve: RETRIEVE,
    ...(sort ? { sort } : {}),
    ...(hasWords
      ? // Private-use marks, turned into <mark> only after the title is escaped (highlightHtml).
        {
          attributesToHighlight: ['title'],
          highlightPreTag: MARK_OPEN,
          highlightPostTag: MARK_CLOSE,
        }
      : {}),
  }
  return { q, params }
}

/** The fields a search retrieves of each hit. */
export interface HitFields {
  productId: string
  title: string
  brand: string
  category: string
  priceMinor: number
  inStock: boolean
  handle?: string
  image?: CardImage
}

/** Maps a response to the port's result; a missing facet or total counts as none. */
export function toSearchResult(
  query: SearchQuery,
  highlight: boolean,
  response: SearchResponse<HitFields>,
): SearchResult {
  const facets = response.facetDistribution ?? {}
  return {
    hits: response.hits.map((h) => ({
      id: h.productId,
      title: h.title,
      brand: h.brand,
      category: h.category,
      priceMinor: h.priceMinor,
      inStock: h.inStock,
      ...(h.handle ? { handle: h.handle } : {}),
      ...(h.image ? { image: h.image } : {}),
      ...(highlight ? { highlight: highlightHtml(h._formatted?.title ?? h.title) } : {}),
    })),
    total: response.totalHits ?? response.estimatedTotalHits ?? 0,
    page: query.page,
    limit: query.limit,
    facets: { category: { ...facets.category }, brand: { ...facets.brand } },
  }
}

/** The result of a search over an index that does not exist yet: nothing was ever indexed. */
export function emptyResult(query: SearchQuery): SearchResult {
  return {
    hits: [],
    total: 0,
    page: query.page,
    limit: query.limit,
    facets: { category: {}, brand: {} },
  }
}
