/** @module The `products` index: its name, primary key and settings, and the check that they hold. */
import type { Settings } from 'meilisearch'

/** The index every product document lives in. */
export const INDEX_UID = 'products'
/** The primary key field. It holds a version key, not the product id: see versioning.ts. */
export const PRIMARY_KEY = 'id'

/**
 * The index settings this adapter relies on.
 * - searchable attributes in ranking order: a match in the title outranks one in the description;
 * - filterable: the shopper's filters plus `productId`, `rank` and `deleted`, which the versioned
 *   writes filter on; facets (category, brand) must be filterable too;
 * - sortable: the sort orders, `productId` as the tie-break, `indexedAt` for stats();
 * - `sort` first among the ranking rules, so an explicit sort is exhaustive (a price sort is a price
 *   sort, as in the embedded index); without a `sort` parameter the rule is inactive and the
 *   built-in relevance order applies. `attribute` (not its v1.36 split into `attributeRank` and
 *   `wordPosition`) is accepted by every v1 server;
 * - `productId` as distinct attribute: while two versions of one product briefly coexist (see
 *   versioning.ts), searches and facet counts still see it once;
 * - typo budget 1 from 4 letters and 2 from 8, the same as the embedded index (defaults: 5 and 9).
 */
export const PRODUCT_SETTINGS = {
  searchableAttributes: ['title', 'brand', 'category', 'description'],
  filterableAttributes: [
    'brand',
    'category',
    'deleted',
    'inStock',
    'priceMinor',
    'productId',
    'rank',
  ],
  sortableAttributes: ['createdAt', 'indexedAt', 'popularity', 'priceMinor', 'productId'],
  rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
  distinctAttribute: 'productId',
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
  faceting: { maxValuesPerFacet: 100 },
  pagination: { maxTotalHits: 10_000 },
} satisfies Settings

const sameList = (a: unknown, b: readonly string[]) =>
  Array.isArray(a) && a.length === b.length && a.every((v, i) => v === b[i])
const sameSet = (a: unknown, b: readonly string[]) =>
  Array.isArray(a) && sameList([...a].sort(), [...b].sort())

/**
 * Whether the server already holds PRODUCT_SETTINGS. Meilisearch returns filterable and sortable
 * attributes as sets (sorted), searchable attributes and ranking rules in their order, and every
 * setting we do not send at its default, so only what we send is compared.
 */
export function settingsMatch(current: Settings): boolean {
  const want = PRODUCT_SETTINGS
  return (
    sameList(current.searchableAttributes, want.searchableAttributes) &&
    sameSet(current.filterableAttributes, want.filterableAttributes) &&
    sameSet(current.sortableAttributes, want.sortableAttributes) &&
    sameList(current.rankingRules, want.rankingRules) &&
    current.distinctAttribute === want.distinctAttribute &&
    current.typoTolerance?.enabled === true &&
    current.typoTolerance.minWordSizeForTypos?.oneTypo ===
      want.typoTolerance.minWordSizeForTypos.oneTypo &&
    current.typoTolerance.minWordSizeForTypos?.twoTypos ===
      want.typoTolerance.minWordSizeForTypos.twoTypos &&
    current.faceting?.maxValuesPerFacet === want.faceting.maxValuesPerFacet &&
    current.pagination?.maxTotalHits === want.pagination.maxTotalHits
  )
}
