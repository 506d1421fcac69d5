/** @module Dead letters on PlanetScale. */
import { asc, sql } from 'drizzle-orm'
import type { DeadLetter } from '../../domain/events/dead-letter'
import type { DeadLetterStore } from '../../domain/ports/dead-letter-store'
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

  list(limit: number): Promise<DeadLetter[]> {
    return guard(() =>
      this.db.select().from(deadLetters).orderBy(asc(deadLetters.failedAt)).limit(limit),
    )
  }
}
