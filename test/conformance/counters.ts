/** @module The Counters port's conformance suite; every adapter must pass it unchanged. */
import { describe, expect, it } from 'vitest'
import type { CounterOp, CountersPort } from '#domain/ports/counters'

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

    it('reads many counters at once, in the order asked, 0 for keys never set', async () => {
      const c = make()
      const keys = Array.from({ length: 40 }, (_, i) => key(i % 2 ? `stock:s${i}` : `views:p${i}`))
      await Promise.all(keys.map((k, i) => (i % 3 ? c.set(k, i) : Promise.resolve())))
      const expected = keys.map((_, i) => (i % 3 ? i : 0))
      expect(await c.getMany(keys)).toEqual(expected)
      expect(await c.getMany([...keys].reverse())).toEqual([...expected].reverse())
      expect(await c.getMany([keys[1] as string, key('never'), keys[1] as string])).toEqual([
        1, 0, 1,
      ])
      expect(await c.getMany([])).toEqual([])
    })

    it('adds many increments in one call, counters and sorted sets, on top of what is there', async () => {
      const c = make()
      const [views, other, board] = [key('many:views'), key('many:cache'), key('many:trending')]
      await c.incrBy(views, 2)
      await c.addMany([
        { kind: 'incr', key: views, by: 5 },
        { kind: 'incr', key: other, by: 1 },
        { kind: 'zincr', key: board, member: 'jacket', by: 3 },
        { kind: 'zincr', key: board, member: 'boots', by: 4 },
      ])
      await c.addMany([])
      expect(await c.getMany([views, other])).toEqual([7, 1])
      expect(await c.zTop(board, 5)).toEqual([
        { member: 'boots', score: 4 },
        { member: 'jacket', score: 3 },
      ])
    })

    it('applies a batch once per id, whatever the repeats and concurrency', async () => {
      const c = make()
      const [day, all, spend, n] = [key('best:day'), key('best:all'), key('spend'), key('n')]
      const ops = (by: number): CounterOp[] => [
        { kind: 'zincr', key: day, member: 'p1', by },
        { kind: 'zincr', key: all, member: 'p1', by },
        { kind: 'zincr', key: all, member: 'p2', by: 1 },
        { kind: 'zincr', key: spend, member: 'u1', by: 1250 },
        { kind: 'incr', key: n, by: 1 },
      ]
      expect(await c.applyOnce(key('order-1'), ops(2))).toBe(true)
      expect(await c.applyOnce(key('order-1'), ops(2))).toBe(false)
      // Ten concurrent deliveries of another order: exactly one of them counts.
      await Promise.all(Array.from({ length: 10 }, () => c.applyOnce(key('order-2'), ops(3))))
      expect(await c.applyOnce(key('order-2'), ops(3))).toBe(false)
      expect(await c.zTop(all, 10)).toEqual([
        { member: 'p1', score: 5 },
        { member: 'p2', score: 2 },
      ])
      expect(await c.zTop(day, 10)).toEqual([{ member: 'p1', score: 5 }])
      expect(await c.zTop(spend, 10)).toEqual([{ member: 'u1', score: 2500 }])
      expect(await c.get(n)).toBe(2)
      expect(await c.incrBy(n, 1)).toBe(3)
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
