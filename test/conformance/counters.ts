/** @module The Counters port's conformance suite; every adapter must pass it unchanged. */
import { describe, expect, it } from 'vitest'
import type { CountersPort } from '../../domain/ports/counters'

/** Runs the suite against the adapter `make` returns; `key` must give names unique to this run. */
export function describeCountersConformance(
  name: string,
  make: () => CountersPort,
  key: (k: string) => string,
) {
  describe(`Counters conformance: ${name}`, () => {
    it('answers ping', async () => {
      await expect(make().ping()).resolves.toBeUndefined()
    })

    it('reads 0 for a counter never set and adds exactly under concurrency', async () => {
      const c = make()
      const k = key('views')
      expect(await c.get(k)).toBe(0)
      await Promise.all(Array.from({ length: 25 }, () => c.incrBy(k, 2)))
      expect(await c.incrBy(k, 1)).toBe(51)
      expect(await c.get(k)).toBe(51)
    })

    it('sets a counter to an absolute value', async () => {
      const c = make()
      const k = key('stock')
      await c.set(k, 7)
      await c.set(k, 3)
      expect(await c.get(k)).toBe(3)
      expect(await c.incrBy(k, -1)).toBe(2)
    })

    it('ranks by score, highest first, equal scores in reverse member order', async () => {
      const c = make()
      const k = key('bestsellers')
      for (const [member, by] of [
        ['sku-a', 3],
        ['sku-b', 5],
        ['sku-c', 3],
        ['sku-a', 1],
        ['sku-d', 1],
      ] as const) {
        await c.zIncrBy(k, member, by)
      }
      expect(await c.zIncrBy(k, 'sku-d', 0.5)).toBe(1.5)
      expect(await c.zTop(k, 10)).toEqual([
        { member: 'sku-b', score: 5 },
        { member: 'sku-a', score: 4 },
        { member: 'sku-c', score: 3 },
        { member: 'sku-d', score: 1.5 },
      ])
      expect(await c.zTop(k, 2)).toEqual([
        { member: 'sku-b', score: 5 },
        { member: 'sku-a', score: 4 },
      ])
      expect(await c.zTop(key('empty'), 5)).toEqual([])
    })

    it('keeps members with unicode and separators intact', async () => {
      const c = make()
      const k = key('trending')
      await c.zIncrBy(k, 'café:crème brûlée', 2)
      await c.zIncrBy(k, 'laufschuhe 😀', 1)
      expect(await c.zTop(k, 5)).toEqual([
        { member: 'café:crème brûlée', score: 2 },
        { member: 'laufschuhe 😀', score: 1 },
      ])
    })
  })
}
