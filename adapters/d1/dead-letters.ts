/** @module Dead letters on D1. */
import { asc } from 'drizzle-orm'
import type { DeadLetter } from '../../domain/events/dead-letter'
import type { DeadLetterStore } from '../../domain/ports/dead-letter-store'
import type { D1Db } from './db'
import { deadLetters } from './schema'

export class D1DeadLetters implements DeadLetterStore {
  constructor(private readonly db: D1Db) {}

  async record(letter: DeadLetter): Promise<void> {
    await this.db.insert(deadLetters).values(letter).onConflictDoNothing()
  }

  list(limit: number): Promise<DeadLetter[]> {
    return this.db.select().from(deadLetters).orderBy(asc(deadLetters.failedAt)).limit(limit)
  }
}
