/** @module The Database port's conformance suite; every adapter must pass it unchanged. */
import { describe, expect, it } from 'vitest'
import type { DeadLetter } from '../../domain/events/dead-letter'
import type { DatabasePort } from '../../domain/ports/database'

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
  })
}
