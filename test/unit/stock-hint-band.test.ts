/**
 * @module The shipped configurations keep the stock hint exact wherever stock.low reads it: the
 * api's STOCK_HINT_EXACT_UNITS (the band in which a SKU's object writes every change) is at least
 * the consumer's LOW_STOCK_THRESHOLD (what stock.low compares the hint with).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_EXACT_UNITS } from '#objects/inventory-item/hint-band'

/** Every value assigned to `name` in a wrangler.toml, any table, comments ignored. */
function values(path: string, name: string): number[] {
  const text = readFileSync(path, 'utf8').replace(/#.*$/gm, '')
  return [...text.matchAll(new RegExp(`^\\s*${name}\\s*=\\s*"(\\d+)"`, 'gm'))].map((m) =>
    Number(m[1]),
  )
}

describe('the stock hint band and the low-stock threshold', () => {
  it('are set so that stock.low always reads an exact hint', () => {
    const band = values('wrangler.toml', 'STOCK_HINT_EXACT_UNITS')
    const threshold = values('workers/queue-consumer/wrangler.toml', 'LOW_STOCK_THRESHOLD')
    expect(band.length).toBeGreaterThan(0)
    expect(threshold.length).toBeGreaterThan(0)
    for (const b of [...band, DEFAULT_EXACT_UNITS])
      for (const t of threshold) expect(b).toBeGreaterThanOrEqual(t)
  })
})
