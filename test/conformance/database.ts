/** @module The Database port's conformance suite; every adapter must pass it unchanged. */
import { describe, expect, it } from 'vitest'
import type { DeadLetter } from '#domain/events/dead-letter'
import type { DatabasePort } from '#domain/ports/database'

/** Runs the suite; `key` must give ids unique to this run. */
export function describeDatabaseConformance(
  name: string,
  make: () => DatabasePort,
  key: (k: string) => string,
) {
  describe(`Database conformance: ${name}`, () => {
    const letter = (id: string, failedAt: number): DeadLetter => ({
      id: key(id),
      messageId: `evt-${key(id)}`,
      queue: 'commerce-events',
      body: { type: 'order.placed', nested: { unicode: 'größe 😀', n: 1 } },
      error: 'no job',
      attempts: 3,
      failedAt,
    })

    it('answers ping', async () => {
      await expect(make().ping()).resolves.toBeUndefined()
    })

    it('stores dead letters once, keeps the first, lists them oldest first', async () => {
      const db = make()
      const base = 4_000_000_000_000 + Math.floor(Math.random() * 1_000_000)
      await db.deadLetters.record(letter('b', base + 2))
      await db.deadLetters.record(letter('a', base + 1))
      await db.deadLetters.record({ ...letter('a', base + 1), error: 'second write' })
      const mine = (await db.deadLetters.list(1_000)).filter(
        (l) => l.failedAt >= base && l.failedAt <= base + 2,
      )
      expect(mine).toEqual([letter('a', base + 1), letter('b', base + 2)])
    })

    it('pages dead letters by cursor, reads them by id, counts and removes them', async () => {
      const db = make()
      const base = 4_100_000_000_000 + Math.floor(Math.random() * 1_000_000)
      // Two share a failure time: the id breaks the tie, so no page skips or repeats one.
      for (const [id, at] of [
        ['p1', base],
        ['p2', base],
        ['p3', base + 1],
      ] as const)
        await db.deadLetters.record(letter(id, at))
      const before = await db.deadLetters.count()
      const first = await db.deadLetters.list(2, { failedAt: base - 1, id: '' })
      const mine = (rows: DeadLetter[]) => rows.filter((l) => l.failedAt >= base)
      expect(mine(first).map((l) => l.id)).toEqual([key('p1'), key('p2')])
      const last = first.at(-1) as DeadLetter
      const next = await db.deadLetters.list(10, { failedAt: last.failedAt, id: last.id })
      expect(mine(next).map((l) => l.id)).toEqual([key('p3')])
      expect(
        (await db.deadLetters.get([key('p3'), key('p1'), key('none')])).map((l) => l.id),
      ).toEqual([key('p1'), key('p3')])
      await db.deadLetters.remove([key('p1'), key('p3'), key('none')])
      expect(await db.deadLetters.get([key('p1'), key('p2'), key('p3')])).toEqual([
        letter('p2', base),
      ])
      expect(await db.deadLetters.count()).toBe(before - 2)
      await db.deadLetters.remove([])
      expect(await db.deadLetters.get([])).toEqual([])
    })
  })
}
