/** @module Tests of the embedded index's query words, edit distance and typo expansion. */
import { describe, expect, it } from 'vitest'
import {
  allowedTypos,
  editDistance,
  ftsString,
  MAX_VARIANTS,
  matchExpressions,
  queryWords,
  typoVariants,
} from './typo'

describe('queryWords', () => {
  it('keeps letters and digits, folded as the index folds them, and drops every operator', () => {
    expect(queryWords('Café "Crème"* NEAR(usb-c, 2) ^title:Hub')).toEqual([
      'cafe',
      'creme',
      'near',
      'usb',
      'c',
      '2',
      'title',
      'hub',
    ])
    expect(queryWords('"*()^:-+')).toEqual([])
    expect(queryWords('lamp LAMP lamp')).toEqual(['lamp'])
  })

  it('reads at most ten words, as Meilisearch does', () => {
    expect(queryWords('a b c d e f g h i j k l')).toHaveLength(10)
  })
})

describe('editDistance', () => {
  it('counts inserts, deletes, substitutions and a swapped neighbour pair as one edit each', () => {
    expect(editDistance('kettle', 'kettle', 2)).toBe(0)
    expect(editDistance('ketle', 'kettle', 2)).toBe(1)
    expect(editDistance('kettlle', 'kettle', 2)).toBe(1)
    expect(editDistance('lamp', 'lump', 2)).toBe(1)
    expect(editDistance('haedphones', 'headphones', 2)).toBe(1)
    expect(editDistance('hedphnes', 'headphones', 2)).toBe(2)
  })

  it('stops at max + 1 once the budget is exceeded', () => {
    expect(editDistance('lamp', 'turntable', 1)).toBe(2)
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3)
  })
})

describe('typo budget and variants', () => {
  it('allows no typo under 4 letters, one from 4 and two from 8', () => {
    expect([3, 4, 7, 8, 12].map((n) => allowedTypos('x'.repeat(n)))).toEqual([0, 1, 1, 2, 2])
    expect(allowedTypos('çàé')).toBe(0)
  })

  it('expands to vocabulary terms within budget, closest first, skipping prefix matches', () => {
    const vocab = ['lamp', 'lamps', 'lump', 'limp', 'camp', 'lumen', 'clamp', 'hub']
    expect(typoVariants('lamp', vocab)).toEqual(['camp', 'clamp', 'limp', 'lump'])
    expect(typoVariants('hud', vocab)).toEqual([])
    expect(typoVariants('headphnes', ['headphone', 'headphones', 'headset'])).toEqual([
      'headphones',
      'headphone',
    ])
  })

  it('caps the variants of one word', () => {
    const letters = [...'abcefghijklmnopqrstuvwxyz']
    const vocab = letters.flatMap((c) => [`wor${c}`, `${c}ord`])
    const variants = typoVariants('word', vocab)
    expect(variants).toHaveLength(MAX_VARIANTS)
    expect(variants).toEqual([...vocab].sort().slice(0, MAX_VARIANTS))
  })
})

describe('matchExpressions', () => {
  it('quotes every word, makes it a prefix, and ORs in its typo variants', () => {
    expect(matchExpressions(['lamp', 'desk'], ['lump', 'desk'])).toEqual({
      exact: '"lamp"* AND "desk"*',
      tolerant: '("lamp"* OR "lump") AND "desk"*',
      typos: true,
    })
    expect(matchExpressions(['hub'], ['hug'])).toEqual({
      exact: '"hub"*',
      tolerant: '"hub"*',
      typos: false,
    })
  })

  it('doubles quotes inside an FTS5 string', () => {
    expect(ftsString('a"b')).toBe('"a""b"')
  })
})
