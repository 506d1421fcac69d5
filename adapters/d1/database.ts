/** @module The embedded Database adapter: Cloudflare D1 through drizzle (sqlite-core). */
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/d1'
import type { DatabasePort } from '#domain/ports/database'
import { D1Archive } from './archive'
import { D1Catalog } from './catalog'
import type { D1Db } from './db'
import { D1DeadLetters } from './dead-letters'
import * as schema from './schema'
import { D1Sessions } from './sessions'
import { guard, guarded } from './upstream'
import { D1Users } from './users'
import { D1Webhooks } from './webhooks'

/** The Database port on a D1 binding; every failure is an UpstreamError naming `d1` (upstream.ts). */
export class D1DatabaseAdapter implements DatabasePort {
  readonly adapter = 'd1'
  readonly db: D1Db
  readonly deadLetters: D1DeadLetters
  readonly archive: D1Archive
  readonly catalog: D1Catalog
  readonly users: D1Users
  readonly sessions: D1Sessions
  readonly webhooks: D1Webhooks

  constructor(d1: D1Database) {
    this.db = drizzle(d1, { schema })
    this.deadLetters = guarded(new D1DeadLetters(this.db))
    this.archive = guarded(new D1Archive(this.db))
    this.catalog = guarded(new D1Catalog(this.db))
    this.users = guarded(new D1Users(this.db))
    this.sessions = guarded(new D1Sessions(this.db))
    this.webhooks = guarded(new D1Webhooks(this.db))
  }

  ping(): Promise<void> {
    // A migrated table, not `select 1`: an unmigrated database does not answer for the platform.
    return guard(async () => {
      await this.db.run(sql`select 1 from orders limit 1`)
    })
  }
}
