/** @module The production Database adapter: PlanetScale over HTTP through drizzle (mysql-core). */
import { Client } from '@planetscale/database'
import { asc, sql } from 'drizzle-orm'
import { drizzle, type PlanetScaleDatabase } from 'drizzle-orm/planetscale-serverless'
import { UpstreamError } from '../../domain/errors'
import type { DeadLetter } from '../../domain/events/dead-letter'
import type { DatabasePort } from '../../domain/ports/database'
import * as schema from './schema'

/** The Database port on PlanetScale; `url` is `https://user:password@host` (http for the dev bridge). */
export class PlanetScaleDatabaseAdapter implements DatabasePort {
  readonly adapter = 'planetscale'
  readonly db: PlanetScaleDatabase<typeof schema>

  constructor(url: string) {
    this.db = drizzle({ client: new Client({ url }), schema })
  }

  async ping(): Promise<void> {
    try {
      await this.db.execute(sql`select 1 from processed_messages limit 1`)
    } catch (cause) {
      throw upstream(cause)
    }
  }

  async recordDeadLetter(letter: DeadLetter): Promise<void> {
    try {
      // A no-op update makes the insert idempotent without hiding other errors (INSERT IGNORE would).
      await this.db
        .insert(schema.deadLetters)
        .values(letter)
        .onDuplicateKeyUpdate({ set: { id: sql`id` } })
    } catch (cause) {
      throw upstream(cause)
    }
  }

  async listDeadLetters(limit: number): Promise<DeadLetter[]> {
    try {
      return await this.db
        .select()
        .from(schema.deadLetters)
        .orderBy(asc(schema.deadLetters.failedAt))
        .limit(limit)
    } catch (cause) {
      throw upstream(cause)
    }
  }
}

function upstream(cause: unknown): UpstreamError {
  return new UpstreamError('planetscale', errorMessage(cause), statusOf(cause), true, { cause })
}

function errorMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}

function statusOf(cause: unknown): number | undefined {
  const status = (cause as { status?: unknown })?.status
  return typeof status === 'number' ? status : undefined
}
