/** @module The drizzle handle every PlanetScale store shares. */
import type { PlanetScaleDatabase } from 'drizzle-orm/planetscale-serverless'
import type * as schema from './schema'

export type PlanetScaleDb = PlanetScaleDatabase<typeof schema>
