/** @module What the shopper's limits count (`heldNow`): unpaid orders and stalled placements, in one statement. */
import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { applyMigrations } from '../shared/migrations'
import { heldNow } from './orders-table'
import { SHOPPER_MIGRATIONS } from './schema'

const PLACE = `INSERT INTO placements (idempotency_key, request_hash, order_id, currency, state, lines,
  result, expires_at, created_at) VALUES (?, 'h', ?, 'EUR', ?, ?, NULL, 1, 1)`
const ORDER = `INSERT INTO orders (id, idempotency_key, data, status, units, created_at, updated_at,
  expires_at, holders, settled, settle_attempts) VALUES (?, ?, '{}', ?, ?, 1, 1, 1, '{}', 0, 0)`
const lines = (...quantities: number[]) =>
  JSON.stringify(quantities.map((quantity, i) => ({ sku: `S-${i}`, quantity })))

describe('heldNow', () => {
  it('counts unpaid orders and placements still placing, with their units', async () => {
    const scratch = env.COUNTERS.getByName(`held-now-${crypto.randomUUID()}`)
    await runInDurableObject(scratch, (_, state) => {
      const sql = state.storage.sql
      applyMigrations(state.storage, SHOPPER_MIGRATIONS)
      expect(heldNow(sql)).toEqual({ orders: 0, units: 0 })
      sql.exec(ORDER, 'o-1', 'k-1', 'pending_payment', 3)
      sql.exec(ORDER, 'o-2', 'k-2', 'pending_payment', 4)
      // Paid, cancelled and expired orders hold nothing against the limits.
      sql.exec(ORDER, 'o-3', 'k-3', 'paid', 9)
      sql.exec(ORDER, 'o-4', 'k-4', 'expired', 9)
      expect(heldNow(sql)).toEqual({ orders: 2, units: 7 })
      sql.exec(PLACE, 'k-5', 'o-5', 'placing', lines(2, 5))
      sql.exec(PLACE, 'k-6', 'o-6', 'placing', lines(1))
      // Answered placements are counted by their orders, not again.
      sql.exec(PLACE, 'k-1', 'o-1', 'done', lines(3))
      sql.exec(PLACE, 'k-7', 'o-7', 'retired', '')
      expect(heldNow(sql)).toEqual({ orders: 4, units: 15 })
    })
  })
})
