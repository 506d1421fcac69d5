/** @module Dead letters on D1. */
import { and, asc, count, eq, gt, inArray, or } from 'drizzle-orm'
import type { DeadLetter, DeadLetterCursor } from '#domain/events/dead-letter'
import type { DeadLetterStore } from '#domain/ports/dead-letter-store'
import type { D1Db } from './db'
import { deadLetters } from './schema'

// D1 binds at most 100 values per statement: id lists go in chunks below that.
const CHUNK = 90

export class D1DeadLetters implements DeadLetterStore {
  constructor(private readonly db: D1Db) {}

  async record(letter: DeadLetter): Promise<void> {
    await this.db.insert(deadLetters).values(letter).onConflictDoNothing()
  }

  list(limit: number, after?: DeadLetterCursor): Promise<DeadLetter[]> {
    return this.db
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
      .limit(limit)
  }

  async get(ids: readonly string[]): Promise<DeadLetter[]> {
    const found: DeadLetter[] = []
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK)
      found.push(
        ...(await this.db.select().from(deadLetters).where(inArray(deadLetters.id, chunk))),
      )
    }
    return found.sort((a, b) => a.failedAt - b.failedAt || (a.id < b.id ? -1 : 1))
  }

  async remove(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += CHUNK)
      await this.db.delete(deadLetters).where(inArray(deadLetters.id, ids.slice(i, i + CHUNK)))
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(deadLetters)
    return row?.n ?? 0
  }
}
