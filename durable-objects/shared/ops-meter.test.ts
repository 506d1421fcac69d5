/** @module Tests of the operations meter against real bindings and a real object's storage, in workerd. */
import { env, runInDurableObject } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { meterEnv, meterStorage, readMeter, resetMeter } from './ops-meter'

const ON = { OPS_METER: 'on' }
const run = crypto.randomUUID().slice(0, 8)

beforeEach(() => resetMeter())

describe('the operations meter, off (no OPS_METER)', () => {
  it('wraps nothing: env and storage stay the runtime objects', async () => {
    expect(meterEnv(env)).toBe(env)
    const stub = env.SHOPPER.getByName(`meter-off:${run}`)
    await runInDurableObject(stub, (_, state) => {
      const exec = state.storage.sql.exec
      const setAlarm = state.storage.setAlarm
      meterStorage(state, env, 'Shopper', {})
      expect(state.storage.sql.exec).toBe(exec)
      expect(state.storage.setAlarm).toBe(setAlarm)
    })
    expect(readMeter().objectsCreated).toBe(0)
  })
})

describe('the operations meter, on', () => {
  it('counts a known sequence of binding calls exactly', async () => {
    const metered = meterEnv({ ...env, ...ON })
    expect(meterEnv(metered)).toBe(metered)
    await metered.CATALOG_KV.get(`meter:${run}`)
    await metered.CATALOG_KV.put(`meter:${run}`, 'x')
    await metered.CATALOG_KV.delete(`meter:${run}`)
    await metered.EVENTS_DLQ.send({ meter: 1 })
    await metered.EVENTS_DLQ.sendBatch([1, 2, 3].map((n) => ({ body: { meter: n } })))
    await metered.DB.prepare('SELECT 1').first()
    await metered.DB.prepare('SELECT ?').bind(2).all()
    await metered.DB.batch([metered.DB.prepare('SELECT 3'), metered.DB.prepare('SELECT 4')])
    await metered.COUNTERS.getByName(`meter:${run}`).incrBy(`meter:${run}`, 1)
    await metered.SHOPPER.getByName(crypto.randomUUID()).cart()
    const counts = readMeter()
    expect(counts).toMatchObject({
      kvReads: 1,
      kvWrites: 2,
      queueSends: 2,
      queueMessages: 4,
      dbQueries: 4,
      objectCalls: 2,
      objectCallsByBinding: { COUNTERS: 1, SHOPPER: 1 },
      counterCommands: 1,
      // The objects' own env has no OPS_METER here, so their insides are not counted.
      objectsCreated: 0,
      objectsStarted: 0,
      sqlRowsRead: 0,
      alarmWrites: 0,
    })
  })

  it("counts an object's SQLite rows from the cursors, and its alarm writes", async () => {
    const stub = env.SHOPPER.getByName(`meter-on:${run}`)
    const seen = await runInDurableObject(stub, async (_, state) => {
      state.storage.sql.exec('CREATE TABLE meter_test (n INTEGER)')
      const object = { alarm: () => 'ran' }
      meterStorage(state, ON, 'Shopper', object)
      object.alarm()
      const sql = state.storage.sql
      const insert = sql.exec('INSERT INTO meter_test VALUES (1), (2), (3)')
      // Rows count as the cursor is read: half-way, then to the end.
      const select = sql.exec<{ n: number }>('SELECT n FROM meter_test ORDER BY n')
      const first = select.next()
      const halfway = readMeter().sqlRowsRead
      const rest = [...select]
      await state.storage.setAlarm(Date.now() + 3_600_000)
      await state.storage.deleteAlarm()
      return {
        first: first.value,
        rest,
        halfway,
        cursorsRead: insert.rowsRead + select.rowsRead,
        cursorsWritten: insert.rowsWritten + select.rowsWritten,
      }
    })
    expect(seen.first).toEqual({ n: 1 })
    expect(seen.rest).toEqual([{ n: 2 }, { n: 3 }])
    const counts = readMeter()
    expect(counts).toMatchObject({
      // Its storage already had tables: started again, not a new object.
      objectsCreated: 0,
      objectsStarted: 1,
      objectsCreatedByClass: {},
      sqlStatements: 2,
      sqlRowsWritten: 3,
      sqlRowsRead: seen.cursorsRead,
      alarmWrites: 2,
      alarmRuns: 1,
    })
    expect(seen.cursorsWritten).toBe(3)
    expect(seen.halfway).toBeLessThan(counts.sqlRowsRead)
  })
})
