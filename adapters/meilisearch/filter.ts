/** @module Meilisearch filter expressions built from values, never from raw user input. */
import { AppError } from '#domain/errors'
import type { SearchQuery } from '#domain/ports/search'

/**
 * A string as a double-quoted filter value. Meilisearch's filter parser unescapes `\"` inside
 * double quotes and then applies backslash escapes, so backslashes are doubled first and quotes
 * escaped after: no value can close the quote or add an operator.
 */
export function quote(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
}

/** A number as a filter value; anything but a finite number is refused rather than sent. */
function num(value: number): string {
  if (!Number.isFinite(value)) throw new AppError('invalid_search_query', `not a number: ${value}`)
  return String(value)
}

/**
 * The search's filter as an array of conditions, which Meilisearch joins with AND. Tombstones are
 * documents too (see versioning.ts), so every search excludes them. `=` on strings is
 * case-insensitive in Meilisearch, as the embedded index's NOCASE comparison is.
 */
export function searchFilter(query: SearchQuery): string[] {
  const filter = ['deleted = false']
  if (query.category !== undefined) filter.push(`category = ${quote(query.category)}`)
  if (query.brand !== undefined) filter.push(`brand = ${quote(query.brand)}`)
  if (query.minPrice !== undefined) filter.push(`priceMinor >= ${num(query.minPrice)}`)
  if (query.maxPrice !== undefined) filter.push(`priceMinor <= ${num(query.maxPrice)}`)
  if (query.inStock !== undefined) filter.push(`inStock = ${query.inStock}`)
  return filter
}

/** Every document (any version, tombstones included) of the given products. */
export function productsFilter(productIds: readonly string[]): string {
  return `productId IN [${productIds.map(quote).join(', ')}]`
}

/** The documents of each product ranked below that product's highest rank. */
export function staleFilter(highest: ReadonlyMap<string, number>): string {
  return [...highest]
    .map(([productId, rank]) => `(productId = ${quote(productId)} AND rank < ${num(rank)})`)
    .join(' OR ')
}
