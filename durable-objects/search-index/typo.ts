/** @module Query words and typo tolerance for the embedded index: tokens, edit distance, expansion. */

/** Largest number of vocabulary terms one query word expands to; keeps the MATCH expression small. */
export const MAX_VARIANTS = 20

/**
 * The query's words as FTS5's `unicode61 remove_diacritics 2` tokenizer sees them: lower case, no
 * diacritics, split on anything that is not a letter or digit. Everything else the shopper typed
 * (quotes, `*`, `^`, `:`, parentheses, AND/OR/NOT/NEAR as operators) is dropped, so the input can
 * only ever be plain words.
 */
export function queryWords(q: string): string[] {
  const words = fold(q).match(/[\p{L}\p{N}\p{Co}]+/gu) ?? []
  return [...new Set(words)].slice(0, 10)
}

/** Lower case without combining marks: the same folding the index applies to documents. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
}

/** Edits a word may be away from a vocabulary term: none below 4 letters, 2 from 8 letters on. */
export function allowedTypos(word: string): number {
  const n = [...word].length
  return n >= 8 ? 2 : n >= 4 ? 1 : 0
}

/** The three dynamic-programming rows editDistance() reuses; grown when a longer term comes. */
let rows: [Int32Array, Int32Array, Int32Array] = [
  new Int32Array(32),
  new Int32Array(32),
  new Int32Array(32),
]

/**
 * Optimal string alignment distance (insert, delete, substitute, swap two neighbours), giving up
 * as soon as it must exceed `max`: a swapped pair is one typo, as shoppers make them. It compares
 * UTF-16 code units, which is exact for every letter outside the astral planes; three reused rows
 * keep it allocation-free, since it runs once per vocabulary term per query word.
 */
export function editDistance(a: string, b: string, max: number): number {
  const m = a.length
  const n = b.length
  if (Math.abs(m - n) > max) return max + 1
  if (rows[0].length < n + 1)
    rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)]
  let [prev2, prev, cur] = rows
  for (let j = 0; j <= n; j++) prev[j] = j
  for (let i = 1; i <= m; i++) {
    cur[0] = i
    let rowMin = i
    const ai = a.charCodeAt(i - 1)
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1)
      let d = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (ai === bj ? 0 : 1),
      )
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        d = Math.min(d, (prev2[j - 2] as number) + 1)
      }
      cur[j] = d
      if (d < rowMin) rowMin = d
    }
    if (rowMin > max) return max + 1
    const spare = prev2
    prev2 = prev
    prev = cur
    cur = spare
  }
  return prev[n] as number
}

/**
 * The vocabulary terms within the word's typo budget, closest first (ties by term, so the same
 * query always builds the same expression). Terms the word already reaches as a prefix are left
 * out: they match without a typo.
 */
export function typoVariants(word: string, vocabulary: readonly string[]): string[] {
  const max = allowedTypos(word)
  if (max === 0) return []
  const found: { term: string; d: number }[] = []
  for (const term of vocabulary) {
    if (term.startsWith(word)) continue
    const d = editDistance(word, term, max)
    if (d <= max) found.push({ term, d })
  }
  found.sort((x, y) => x.d - y.d || (x.term < y.term ? -1 : x.term > y.term ? 1 : 0))
  return found.slice(0, MAX_VARIANTS).map((f) => f.term)
}

/** A word as an FTS5 string literal: double quotes inside are doubled, per the FTS5 grammar. */
export function ftsString(word: string): string {
  return `"${word.replaceAll('"', '""')}"`
}

/**
 * The two MATCH expressions of a query: `exact` (every word as a prefix) and `tolerant` (every
 * word as a prefix or one of its typo variants). Words combine with AND, as shoppers expect each
 * word to narrow the results. `typos` is false when no word had a variant: then both are equal.
 */
export function matchExpressions(
  words: readonly string[],
  vocabulary: readonly string[],
): { exact: string; tolerant: string; typos: boolean } {
  let typos = false
  const exact: string[] = []
  const tolerant: string[] = []
  for (const word of words) {
    const prefix = `${ftsString(word)}*`
    const variants = typoVariants(word, vocabulary).map(ftsString)
    if (variants.length > 0) typos = true
    exact.push(prefix)
    tolerant.push(variants.length > 0 ? `(${[prefix, ...variants].join(' OR ')})` : prefix)
  }
  return { exact: exact.join(' AND '), tolerant: tolerant.join(' AND '), typos }
}
