/** @module Setup for the workers project: every test file starts from a migrated D1. */
import { applyD1Migrations, env } from 'cloudflare:test'

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
