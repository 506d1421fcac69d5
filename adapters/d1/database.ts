/** @module The embedded Database adapter: Cloudflare D1 through drizzle (sqlite-core). */
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/d1'
import type { DatabasePort } from '../../domain/ports/database'
import type { D1Db } from './db'
import { D1DeadLetters } from './dead-letters'
import * as schema from './schema'

/** The Database port on a D1 binding. */
export class D1DatabaseAdapter implements DatabasePort {
  readonly adapter = 'd1'
  readonly db: D1Db
  readonly deadLetters: D1DeadLetters

  constructor(d1: D1Database) {
    this.db = drizzle(d1, { schema })
    this.deadLetters = new D1DeadLetters(this.db)
  }

  async ping(): Promise<void> {
    // A migrated table, not `select 1`: an unmigrated database does not answer for the platform.
    await this.db.run(sql`select 1 from processed_messages limit 1`)
  }
}
