/** @module The embedded Database adapter: Cloudflare D1 through drizzle (sqlite-core). */
import { asc, sql } from 'drizzle-orm'
import { type DrizzleD1Database, drizzle } from 'drizzle-orm/d1'
import type { DeadLetter } from '../../domain/events/dead-letter'
import type { DatabasePort } from '../../domain/ports/database'
import * as schema from './schema'

/** The Database port on a D1 binding. */
export class D1DatabaseAdapter implements DatabasePort {
  readonly adapter = 'd1'
  readonly db: DrizzleD1Database<typeof schema>

  constructor(d1: D1Database) {
    this.db = drizzle(d1, { schema })
  }

  async ping(): Promise<void> {
    // A migrated table, not `select 1`: an unmigrated database does not answer for the platform.
    await this.db.run(sql`select 1 from processed_messages limit 1`)
  }

  async recordDeadLetter(letter: DeadLetter): Promise<void> {
    await this.db.insert(schema.deadLetters).values(letter).onConflictDoNothing()
  }

  listDeadLetters(limit: number): Promise<DeadLetter[]> {
    return this.db
      .select()
      .from(schema.deadLetters)
      .orderBy(asc(schema.deadLetters.failedAt))
      .limit(limit)
  }
}
