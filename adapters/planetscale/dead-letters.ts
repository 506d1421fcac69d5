/** @module Dead letters on PlanetScale. */
import { and, asc, count, eq, gt, inArray, or, sql } from 'drizzle-orm'
import type { DeadLetter, DeadLetterCursor } from '#domain/events/dead-letter'
import type { DeadLetterStore } from '#domain/ports/dead-letter-store'
import type { PlanetScaleDb } from './db'
import { deadLetters } from './schema'
import { guard } from './upstream'

export class PlanetScaleDeadLetters implements DeadLetterStore {
  constructor(private readonly db: PlanetScaleDb) {}

  record(letter: DeadLetter): Promise<void> {
    // A no-op update makes the insert idempotent without hiding other errors (INSERT IGNORE would).
    return guard(async () => {
      await this.db
        .insert(deadLetters)
        .values(letter)
        .onDuplicateKeyUpdate({ set: { id: sql`id` } })
    })
  }

  list(limit: number, after?: DeadLetterCursor): Promise<DeadLetter[]> {
    return guard(() =>
      this.db
        .select()
        .from(deadLetters)
        .where(
          after &&
            or(
              gt(deadLetters.failedAt, after.failedAt),
              and(eq(deadLetters.failedAt, after.failedAt), gt(deadLetters.id, after.id)),
            ),
        )
        .orderBy(asc(deadLetters.failedAt), asc(deadLetters.id))
        .limit(limit),
    )
  }

  get(ids: readonly string[]): Promise<DeadLetter[]> {
    if (ids.length === 0) return Promise.resolve([])
    return guard(() =>
      this.db
        .select()
        .from(deadLetters)
        .where(inArray(deadLetters.id, [...ids]))
        .orderBy(asc(deadLetters.failedAt), asc(deadLetters.id)),
    )
  }

  remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve()
    return guard(async () => {
      await this.db.delete(deadLetters).where(inArray(deadLetters.id, [...ids]))
    })
  }

  count(): Promise<number> {
    return guard(async () => {
      const [row] = await this.db.select({ n: count() }).from(deadLetters)
      return Number(row?.n ?? 0)
    })
  }
}
