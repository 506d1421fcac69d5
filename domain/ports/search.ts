/** @module The Search port: the product index behind GET /v1/search. */
import type { Pingable } from './health'

/** One product as the index holds it; the catalog builds it from the product and its variants. */
export interface SearchDocument {
  id: string
  /** The product's version; an index never replaces a document with an older version. */
  version: number
  title: string
  description: string
  brand: string
  category: string
  /** Lowest variant price, minor units. */
  priceMinor: number
  inStock: boolean
  /** Unix ms of creation: the `newest` sort. */
  createdAt: number
  /** Views and sales; the `popularity` sort. */
  popularity: number
  skus: string[]
  /** The product page's handle (`/products/<handle>`); every catalog document has one. */
  handle?: string
  /** The product's first image, for result cards; absent when it has none. */
  image?: CardImage
}

/** The image a result card shows. */
export interface CardImage {
  url: string
  width: number
  height: number
  alt: string
}

export type SearchSort = 'relevance' | 'price_asc' | 'price_desc' | 'newest' | 'popularity'

/** A search request; every filter is optional and they combine with AND. */
export interface SearchQuery {
  q: string
  category?: string
  brand?: string
  minPrice?: number
  maxPrice?: number
  inStock?: boolean
  sort: SearchSort
  /** 1-based. */
  page: number
  limit: number
}

export interface SearchHit {
  id: string
  title: string
  brand: string
  category: string
  priceMinor: number
  inStock: boolean
  /** Absent for documents indexed before products had handles (until a reindex). */
  handle?: string
  image?: CardImage
  /** The title with matched words wrapped in `<mark>…</mark>`; absent when `q` is empty. */
  highlight?: string
}

/** Hits of one page, the total matching the query and filters, and facet counts over them. */
export interface SearchResult {
  hits: SearchHit[]
  total: number
  page: number
  limit: number
  facets: { category: Record<string, number>; brand: Record<string, number> }
}

/** What operators see of the index: its size and the newest version it holds. */
export interface SearchStats {
  documents: number
  /** Unix ms of the last applied write, or null when the index is empty. */
  lastUpdatedAt: number | null
}

/**
 * The Search port. Writes are versioned: `upsert` skips documents older than what the index
 * holds (an equal version replaces: stock and popularity change without a new product version),
 * and `remove` leaves a tombstone so an older upsert arriving later cannot resurrect one.
 */
export interface SearchPort extends Pingable {
  upsert(documents: SearchDocument[]): Promise<void>
  remove(id: string, version: number): Promise<void>
  search(query: SearchQuery): Promise<SearchResult>
  stats(): Promise<SearchStats>
  /** Empties the index (documents and tombstones): the first step of a reindex. */
  clear(): Promise<void>
}
