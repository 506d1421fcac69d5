/** @module The one migration runner: each script once, in order, from a new object or any earlier version. */
import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { applyMigrations, migrationVersion } from './migrations'

const SCRIPTS = [
  'CREATE TABLE a (n INTEGER NOT NULL)',
  'INSERT INTO a (n) VALUES (1)',
  'INSERT INTO a (n) VALUES (2)',
]

/** A scratch SQLite database: a Counters object keeps no schema_migrations table of its own. */
const scratch = () => env.COUNTERS.getByName(`migrations-${crypto.randomUUID()}`)

describe('applyMigrations', () => {
  it('starts a new object from nothing, then applies only the scripts added since', async () => {
    await runInDurableObject(scratch(), (_, state) => {
      const sql = state.storage.sql
      expect(() => migrationVersion(sql)).toThrow(/no such table/)
      applyMigrations(state.storage, SCRIPTS.slice(0, 2))
      expect(migrationVersion(sql)).toBe(2)
      applyMigrations(state.storage, SCRIPTS.slice(0, 2))
      applyMigrations(state.storage, SCRIPTS)
      expect(migrationVersion(sql)).toBe(3)
      expect(sql.exec('SELECT n FROM a ORDER BY n').toArray()).toEqual([{ n: 1 }, { n: 2 }])
    })
  })

  it('reads the version of an object already migrated in one statement', async () => {
    await runInDurableObject(scratch(), (_, state) => {
      applyMigrations(state.storage, SCRIPTS)
      const exec = state.storage.sql.exec.bind(state.storage.sql)
      const seen: string[] = []
      state.storage.sql.exec = ((query: string, ...args: SqlStorageValue[]) => {
        seen.push(query)
        return exec(query, ...args)
      }) as typeof exec
      applyMigrations(state.storage, SCRIPTS)
      expect(seen).toHaveLength(1)
    })
  })

  it('refuses storage ahead of the code, and a failing script leaves its version unapplied', async () => {
    await runInDurableObject(scratch(), (_, state) => {
      applyMigrations(state.storage, SCRIPTS)
      expect(() => applyMigrations(state.storage, SCRIPTS.slice(0, 2))).toThrow(/at migration 3/)
      expect(() =>
        applyMigrations(state.storage, [...SCRIPTS, 'INSERT INTO nowhere VALUES (1)']),
      ).toThrow(/no such table: nowhere/)
      expect(migrationVersion(state.storage.sql)).toBe(3)
    })
  })
})
