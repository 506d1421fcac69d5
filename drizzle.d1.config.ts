/** @module drizzle-kit config for the SQLite dialect (D1); wrangler applies the output. */
import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'sqlite',
  schema: './adapters/d1/schema.ts',
  out: './migrations/d1',
})
