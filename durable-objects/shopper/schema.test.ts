/**
 * @module Migration 5 of the Shopper schema keeps every placement, order and outbox row of an
 * object built by migrations 1–4, and their writes then cost one row fewer each.
 */
import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { applyMigrations, migrationVersion } from '../shared/migrations'
import { SHOPPER_MIGRATIONS } from './schema'

const PLACE = `INSERT INTO placements (idempotency_key, request_hash, order_id, currency, state, lines,
  result, expires_at, created_at) VALUES (?, 'h', ?, 'EUR', ?, '[]', NULL, ?, 1)
  ON CONFLICT (idempotency_key) DO UPDATE SET state = excluded.state`
const ORDER = `INSERT INTO orders (id, idempotency_key, data, status, units, created_at, updated_at,
  expires_at, holders, settled, settle_attempts) VALUES (?, ?, '{}', ?, 1, 1, 1, ?, '{}', 0, 0)
  ON CONFLICT (id) DO UPDATE SET status = excluded.status`
const EVENT = 'INSERT INTO outbox (id, order_id, body, retry_at) VALUES (?, ?, ?, 0)'

describe('Shopper migration 5', () => {
  it('keeps placements, orders and the outbox, and writes one row fewer per write', async () => {
    // A scratch SQLite database: a Counters object's storage holds none of these tables.
    const scratch = env.COUNTERS.getByName(`shopper-schema-${crypto.randomUUID()}`)
    await runInDurableObject(scratch, (_, state) => {
      const sql = state.storage.sql
      applyMigrations(state.storage, SHOPPER_MIGRATIONS.slice(0, 4))
      sql.exec(PLACE, 'k-1', 'o-1', 'placing', 500)
      sql.exec(ORDER, 'o-1', 'k-1', 'pending_payment', 500)
      const before = {
        place: sql.exec(PLACE, 'k-2', 'o-2', 'done', 600).rowsWritten,
        order: sql.exec(ORDER, 'o-2', 'k-2', 'pending_payment', 600).rowsWritten,
        event: sql.exec(EVENT, 'e-1', 'o-1', '{"n":1}').rowsWritten,
      }
      sql.exec(EVENT, 'e-2', 'o-2', '{"n":2}')

      applyMigrations(state.storage, SHOPPER_MIGRATIONS.slice(0, 8))
      expect(migrationVersion(sql)).toBe(8)
      expect(
        sql.exec('SELECT idempotency_key, order_id, state FROM placements ORDER BY 1').toArray(),
      ).toEqual([
        { idempotency_key: 'k-1', order_id: 'o-1', state: 'placing' },
        { idempotency_key: 'k-2', order_id: 'o-2', state: 'done' },
      ])
      expect(sql.exec('SELECT id, status FROM orders ORDER BY 1').toArray()).toEqual([
        { id: 'o-1', status: 'pending_payment' },
        { id: 'o-2', status: 'pending_payment' },
      ])
      expect(sql.exec(PLACE, 'k-3', 'o-3', 'done', 700).rowsWritten).toBe(before.place - 1)
      expect(sql.exec(ORDER, 'o-3', 'k-3', 'pending_payment', 700).rowsWritten).toBe(
        before.order - 1,
      )
      expect(sql.exec(EVENT, 'e-3', 'o-3', '{"n":3}').rowsWritten).toBe(before.event - 1)
      expect(sql.exec('SELECT seq, id FROM outbox ORDER BY seq').toArray()).toEqual([
        { seq: 1, id: 'e-1' },
        { seq: 2, id: 'e-2' },
        { seq: 3, id: 'e-3' },
      ])
      // Event ids stay unique, and an emptied outbox numbers on from 1, oldest first as before.
      expect(() => sql.exec(EVENT, 'e-3', 'o-3', '{}')).toThrow()
      sql.exec('DELETE FROM outbox WHERE seq <= 3')
      sql.exec(EVENT, 'e-4', 'o-4', '{}')
      sql.exec(EVENT, 'e-5', 'o-4', '{}')
      expect(sql.exec('SELECT id FROM outbox ORDER BY seq').toArray()).toEqual([
        { id: 'e-4' },
        { id: 'e-5' },
      ])
      // Upserts by key still find their row; the partial index still finds stalled placements.
      sql.exec(PLACE, 'k-1', 'o-1', 'done', 500)
      sql.exec(ORDER, 'o-1', 'k-1', 'paid', 500)
      expect(sql.exec("SELECT count(*) AS n FROM placements WHERE state = 'placing'").one().n).toBe(
        0,
      )
      expect(sql.exec("SELECT status FROM orders WHERE id = 'o-1'").one().status).toBe('paid')
    })
  })
})

describe('Shopper migration 7', () => {
  it('keeps the timeline and writes one row per change', async () => {
    const scratch = env.COUNTERS.getByName(`shopper-log-${crypto.randomUUID()}`)
    await runInDurableObject(scratch, (_, state) => {
      const sql = state.storage.sql
      const LOG =
        "INSERT INTO order_log (order_id, version, type, status, at, detail) VALUES (?, ?, 'order.placed', 'pending_payment', 1, NULL)"
      applyMigrations(state.storage, SHOPPER_MIGRATIONS.slice(0, 6))
      expect(sql.exec(LOG, 'o-1', 1).rowsWritten).toBe(2)
      applyMigrations(state.storage, SHOPPER_MIGRATIONS)
      expect(sql.exec('SELECT order_id, version FROM order_log').toArray()).toEqual([
        { order_id: 'o-1', version: 1 },
      ])
      expect(sql.exec(LOG, 'o-1', 2).rowsWritten).toBe(1)
      expect(() => sql.exec(LOG, 'o-1', 2)).toThrow()
    })
  })
})

describe('Shopper migration 9', () => {
  it('keeps the outbox in order and writes one row per event instead of three', async () => {
    const scratch = env.COUNTERS.getByName(`shopper-outbox-${crypto.randomUUID()}`)
    await runInDurableObject(scratch, (_, state) => {
      const sql = state.storage.sql
      applyMigrations(state.storage, SHOPPER_MIGRATIONS.slice(0, 8))
      expect(sql.exec(EVENT, 'e-1', 'o-1', '{"n":1}').rowsWritten).toBe(3)
      sql.exec(EVENT, 'e-2', 'o-2', '{"n":2}')
      applyMigrations(state.storage, SHOPPER_MIGRATIONS)
      expect(migrationVersion(sql)).toBe(SHOPPER_MIGRATIONS.length)
      expect(sql.exec('SELECT seq, id, order_id, body FROM outbox ORDER BY seq').toArray()).toEqual(
        [
          { seq: 1, id: 'e-1', order_id: 'o-1', body: '{"n":1}' },
          { seq: 2, id: 'e-2', order_id: 'o-2', body: '{"n":2}' },
        ],
      )
      expect(sql.exec(EVENT, 'e-3', 'o-3', '{"n":3}').rowsWritten).toBe(1)
      expect(sql.exec('DELETE FROM outbox WHERE seq <= 3').rowsWritten).toBe(3)
      // An emptied outbox numbers on from 1, oldest first, as the flusher expects.
      sql.exec(EVENT, 'e-4', 'o-4', '{}')
      sql.exec(EVENT, 'e-5', 'o-4', '{}')
      expect(sql.exec('SELECT seq, id FROM outbox ORDER BY seq').toArray()).toEqual([
        { seq: 1, id: 'e-4' },
        { seq: 2, id: 'e-5' },
      ])
      expect(
        sql.exec("SELECT 1 FROM outbox WHERE order_id = 'o-4' LIMIT 1").toArray(),
      ).toHaveLength(1)
    })
  })
})
