/** @module The production Database adapter: PlanetScale over HTTP through drizzle (mysql-core). */
import { Client } from '@planetscale/database'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/planetscale-serverless'
import type { DatabasePort } from '#domain/ports/database'
import { PlanetScaleArchive } from './archive'
import { PlanetScaleCatalog } from './catalog'
import type { PlanetScaleDb } from './db'
import { PlanetScaleDeadLetters } from './dead-letters'
import * as schema from './schema'
import { PlanetScaleSessions } from './sessions'
import { guard } from './upstream'
import { PlanetScaleUsers } from './users'
import { PlanetScaleWebhooks } from './webhooks'

/** The Database port on PlanetScale; `url` is `https://user:password@host` (http for the dev bridge). */
export class PlanetScaleDatabaseAdapter implements DatabasePort {
  readonly adapter = 'planetscale'
  readonly db: PlanetScaleDb
  readonly deadLetters: PlanetScaleDeadLetters
  readonly archive: PlanetScaleArchive
  readonly catalog: PlanetScaleCatalog
  readonly users: PlanetScaleUsers
  readonly sessions: PlanetScaleSessions
  readonly webhooks: PlanetScaleWebhooks

  constructor(url: string) {
    this.db = drizzle({ client: new Client({ url }), schema })
    this.deadLetters = new PlanetScaleDeadLetters(this.db)
    this.archive = new PlanetScaleArchive(this.db)
    this.catalog = new PlanetScaleCatalog(this.db)
    this.users = new PlanetScaleUsers(this.db)
    this.sessions = new PlanetScaleSessions(this.db)
    this.webhooks = new PlanetScaleWebhooks(this.db)
  }

  ping(): Promise<void> {
    return guard(async () => {
      await this.db.execute(sql`select 1 from orders limit 1`)
    })
  }
}
