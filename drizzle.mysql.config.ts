/** @module drizzle-kit config for the MySQL dialect (PlanetScale in production, MariaDB locally). */
import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'mysql',
  schema: './adapters/planetscale/schema.ts',
  out: './migrations/mysql',
})
