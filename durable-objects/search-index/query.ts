/** @module Runs a SearchQuery against the index's SQLite tables: match, filters, facets, sort, page. */
import { escapeHtml, highlightHtml, MARK_CLOSE, MARK_OPEN } from '#domain/catalog/highlight'
import type {
  CardImage,
  SearchHit,
  SearchQuery,
  SearchResult,
  SearchSort,
} from '#domain/ports/search'
import { matchExpressions, queryWords } from './typo'

/** bm25 weight per `docs_fts` column, in column order: title > brand > category > description. */
const BM25 = 'bm25(docs_fts, 10.0, 5.0, 3.0, 1.0)'

/**
 * ORDER BY per sort. Every order ends on `d.id` so equal keys always come out the same way.
 * `relevance` puts documents matching every word without a typo first, then ranks by bm25 (lower
 * is better); browsing without words has no relevance, so it shows the most popular first.
 */
function orderBy(sort: SearchSort, matching: boolean): string {
  switch (sort) {
    case 'price_asc':
      return 'd.price_minor ASC, d.id ASC'
    case 'price_desc':
      return 'd.price_minor DESC, d.id ASC'
    case 'newest':
      return 'd.created_at DESC, d.id ASC'
    case 'popularity':
      return 'd.popularity DESC, d.id ASC'
    case 'relevance':
      return matching ? 'exact DESC, score ASC, d.id ASC' : 'd.popularity DESC, d.id ASC'
  }
}

/** The filters as SQL over `docs d`, with their bound values. Strings compare case-insensitively. */
function filters(query: SearchQuery): { where: string[]; args: (string | number)[] } {
  const where: string[] = []
  const args: (string | number)[] = []
  if (query.category !== undefined) {
    where.push('d.category = ? COLLATE NOCASE')
    args.push(query.category)
  }
  if (query.brand !== undefined) {
    where.push('d.brand = ? COLLATE NOCASE')
    args.push(query.brand)
  }
  if (query.minPrice !== undefined) {
    where.push('d.price_minor >= ?')
    args.push(query.minPrice)
  }
  if (query.maxPrice !== undefined) {
    where.push('d.price_minor <= ?')
    args.push(query.maxPrice)
  }
  if (query.inStock !== undefined) {
    where.push('d.in_stock = ?')
    args.push(query.inStock ? 1 : 0)
  }
  return { where, args }
}

interface HitRow extends Record<string, SqlStorageValue> {
  rid: number
  id: string
  title: string
  brand: string
  category: string
  price_minor: number
  in_stock: number
  handle: string | null
  image: string | null
}

/** Counts of one facet's values over a match set, as a plain record. */
function facetCounts(
  sql: SqlStorage,
  column: 'category' | 'brand',
  from: string,
  args: (string | number)[],
): Record<string, number> {
  const rows = sql
    .exec<{ v: string; n: number }>(
      `SELECT d.${column} AS v, count(*) AS n ${from} GROUP BY d.${column} ORDER BY d.${column}`,
      ...args,
    )
    .toArray()
  return Object.fromEntries(rows.map((r) => [r.v, r.n]))
}

/**
 * Answers one query. With words, the match set is the typo-tolerant FTS5 expression; without
 * words it is every document (browse). Filters narrow it; total and facet counts are taken over
 * that filtered set, then one page is sorted out of it and its titles highlighted.
 */
export function runSearch(
  sql: SqlStorage,
  query: SearchQuery,
  vocabulary: () => readonly string[],
): SearchResult {
  const page = Math.max(1, Math.floor(query.page))
  const limit = Math.max(0, Math.floor(query.limit))
  const words = queryWords(query.q)
  const filter = filters(query)
  const match = words.length > 0 ? matchExpressions(words, vocabulary()) : null

  const where = [...filter.where]
  const args: (string | number)[] = []
  let from = 'FROM docs d'
  if (match) {
    from = 'FROM docs_fts JOIN docs d ON d.rowid = docs_fts.rowid'
    where.unshift('docs_fts MATCH ?')
    args.push(match.tolerant)
  }
  args.push(...filter.args)
  const scoped = where.length > 0 ? `${from} WHERE ${where.join(' AND ')}` : from

  const total = sql.exec<{ n: number }>(`SELECT count(*) AS n ${scoped}`, ...args).one().n
  const facets = {
    category: facetCounts(sql, 'category', scoped, args),
    brand: facetCounts(sql, 'brand', scoped, args),
  }

  // Only typo variants can make a match inexact; without any, every match is exact.
  const exact = match?.typos
    ? 'd.rowid IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)'
    : '1'
  const extra = match ? `, ${BM25} AS score, ${exact} AS exact` : ''
  const pageArgs = match?.typos ? [match.exact, ...args] : args
  const rows = sql
    .exec<HitRow>(
      `SELECT d.rowid AS rid, d.id, d.title, d.brand, d.category, d.price_minor, d.in_stock,
       d.handle, d.image${extra}
       ${scoped} ORDER BY ${orderBy(query.sort, match !== null)} LIMIT ? OFFSET ?`,
      ...pageArgs,
      limit,
      (page - 1) * limit,
    )
    .toArray()

  const highlights = match ? highlightTitles(sql, match.tolerant, rows) : new Map<number, string>()
  const hits: SearchHit[] = rows.map((r) => ({
    id: r.id,
    title: r.title,
    brand: r.brand,
    category: r.category,
    priceMinor: r.price_minor,
    inStock: r.in_stock === 1,
    ...(r.handle ? { handle: r.handle } : {}),
    ...(r.image ? { image: JSON.parse(r.image) as CardImage } : {}),
    ...(match ? { highlight: highlights.get(r.rid) ?? escapeHtml(r.title) } : {}),
  }))
  return { hits, total, page, limit, facets }
}

/**
 * The page's titles with every matched token, typo variants included, wrapped in `<mark>`: FTS5
 * marks them with private-use characters, and highlightHtml escapes the title before turning
 * those into tags, so the catalog's own text never becomes markup.
 */
function highlightTitles(sql: SqlStorage, expr: string, rows: HitRow[]): Map<number, string> {
  if (rows.length === 0) return new Map()
  const ids = rows.map((r) => r.rid)
  const found = sql
    .exec<{ rid: number; hl: string }>(
      `SELECT rowid AS rid, highlight(docs_fts, 0, ?, ?) AS hl FROM docs_fts
       WHERE docs_fts MATCH ? AND rowid IN (${ids.map(() => '?').join(', ')})`,
      MARK_OPEN,
      MARK_CLOSE,
      expr,
      ...ids,
    )
    .toArray()
  return new Map(found.map((f) => [f.rid, highlightHtml(f.hl)]))
}
