/**
 * @module Migration 4 of the InventoryItem schema keeps every ledger line and reservation of an
 * object built by migrations 1–3, and a sale's rows then cost fewer rows written.
 */
import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { applyMigrations, migrationVersion } from '../shared/migrations'
import { INVENTORY_MIGRATIONS } from './schema'
import { readLedger } from './store'

const RESERVE = `INSERT INTO reservations (id, order_id, quantity, expires_at, status, updated_at)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`
const LEDGER = `INSERT INTO ledger (id, kind, quantity, reservation_id, order_id, on_hand_after,
  available_after, occurred_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

describe('InventoryItem migration 4', () => {
  it('keeps the ledger and reservations, and writes fewer rows per sale', async () => {
    // A scratch SQLite database: a Counters object's storage holds none of these tables.
    const scratch = env.COUNTERS.getByName(`schema-${crypto.randomUUID()}`)
    await runInDurableObject(scratch, (_, state) => {
      const sql = state.storage.sql
      applyMigrations(state.storage, INVENTORY_MIGRATIONS.slice(0, 3))
      sql.exec(LEDGER, 'l-1', 'receive', 5, null, null, 5, 5, 1, 'delivery')
      sql.exec(LEDGER, 'l-2', 'reserve', 2, 'r-1', 'o-1', 5, 3, 2, null)
      sql.exec(RESERVE, 'r-1', 'o-1', 2, 1_000, 'active', 2)
      const before = { insert: sql.exec(RESERVE, 'r-2', 'o-2', 1, 2_000, 'active', 3).rowsWritten }

      applyMigrations(state.storage, INVENTORY_MIGRATIONS)
      expect(migrationVersion(sql)).toBe(INVENTORY_MIGRATIONS.length)
      expect(
        readLedger(sql, 'SKU', 10).map((l) => [l.seq, l.id, l.kind, l.availableAfter, l.reason]),
      ).toEqual([
        [1, 'l-1', 'receive', 5, 'delivery'],
        [2, 'l-2', 'reserve', 3, null],
      ])
      expect(sql.exec('SELECT id, status FROM reservations ORDER BY id').toArray()).toEqual([
        { id: 'r-1', status: 'active' },
        { id: 'r-2', status: 'active' },
      ])
      // A sale's rows now: the reservation is one row plus its active-index entry (three before:
      // a second index on the id), the ledger line one row (three before: its id's unique index
      // and the AUTOINCREMENT counter).
      expect(before.insert).toBe(3)
      expect(sql.exec(RESERVE, 'r-3', 'o-3', 1, 3_000, 'active', 4).rowsWritten).toBe(2)
      expect(sql.exec(LEDGER, 'l-3', 'reserve', 1, 'r-3', 'o-3', 5, 2, 4, null).rowsWritten).toBe(1)
      expect(readLedger(sql, 'SKU', 1)[0]).toMatchObject({ seq: 3, id: 'l-3' })
      // An upsert by id still finds the row, and the expiry index still serves the alarm.
      sql.exec(RESERVE, 'r-1', 'o-1', 2, 1_000, 'committed', 5)
      expect(
        sql
          .exec<{ at: number }>(
            "SELECT min(expires_at) AS at FROM reservations WHERE status = 'active'",
          )
          .one().at,
      ).toBe(2_000)
    })
  })
})
