/** @module The drizzle handle every D1 store shares. */
import type { DrizzleD1Database } from 'drizzle-orm/d1'
import type * as schema from './schema'

/** drizzle's D1 database with its client (what `drizzle(d1, { schema })` returns). */
export type D1Db = DrizzleD1Database<typeof schema> & { $client: D1Database }
