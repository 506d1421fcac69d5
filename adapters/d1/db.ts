/** @module The drizzle handle every D1 store shares. */
import type { DrizzleD1Database } from 'drizzle-orm/d1'
import type * as schema from './schema'

export type D1Db = DrizzleD1Database<typeof schema>
