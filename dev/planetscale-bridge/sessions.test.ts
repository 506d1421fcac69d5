/** @module Session safety: expiry never autocommits, forged signatures never reach a connection. */
import { Client, connect, DatabaseError } from '@planetscale/database'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlanetScaleBridge } from './server'
import { postRaw, requireMysql, startTestBridge, uniqueTable } from './test-helpers'
import type { PsSession } from './types'

const TTL_MS = 1_000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('planetscale bridge sessions', () => {
  let admin: Connection
  let bridge: PlanetScaleBridge
  let client: Client
  const table = uniqueTable('sess')
  const raw = (query: string, session: PsSession | null) => postRaw(bridge.url, { query, session })

  async function names(): Promise<string[]> {
    const [rows] = await admin.query<RowDataPacket[]>(`SELECT name FROM ${table} ORDER BY name`)
    return rows.map((row) => String(row.name))
  }

  /** Waits until MySQL has torn the thread down, so the next statement cannot still reach it. */
  async function serverThreadGone(id: number): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const sql = 'SELECT COUNT(*) AS n FROM information_schema.processlist WHERE id = ?'
      const [rows] = await admin.query<RowDataPacket[]>(sql, [id])
      if (Number(rows[0]?.n) === 0) return
      await sleep(20)
    }
    throw new Error(`MySQL thread ${id} survived KILL`)
  }

  beforeAll(async () => {
    admin = await requireMysql()
    bridge = await startTestBridge({ sessionTtlMs: TTL_MS })
    client = new Client({ url: bridge.url })
    await admin.query(`CREATE TABLE ${table} (name VARCHAR(32) PRIMARY KEY) ENGINE=InnoDB`)
  })

  afterAll(async () => {
    await admin?.query(`DROP TABLE IF EXISTS ${table}`)
    await admin?.end()
    await bridge?.close()
  })

  it('returns a signed session in every response and marks open transactions', async () => {
    const begin = await raw('BEGIN', null)
    const session = begin.body.session as PsSession
    expect(session.signature).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(session.vitessSession.SessionUUID).toMatch(/^[\w-]{22}$/)
    expect(session.vitessSession.inTransaction).toBe(true)
    const failed = await raw('SELECT * FROM no_such_table_here', session)
    expect(failed.body.error?.code).toBe('NOT_FOUND')
    expect(failed.body.session?.vitessSession.SessionUUID).toBe(session.vitessSession.SessionUUID)
    expect(failed.body.session?.vitessSession.inTransaction).toBe(true)
    const rollback = await raw('ROLLBACK', failed.body.session as PsSession)
    expect(rollback.body.session?.vitessSession).not.toHaveProperty('inTransaction')
  })

  it('reports an expired transaction as ABORTED instead of autocommitting', async () => {
    const run = client.transaction(async (tx) => {
      await tx.execute(`INSERT INTO ${table} (name) VALUES ('before')`)
      await sleep(TTL_MS * 2.5)
      await tx.execute(`INSERT INTO ${table} (name) VALUES ('after')`)
    })
    const err = await run.catch((e: unknown) => e)
    // ROLLBACK on the expired session is a no-op, so the ABORTED error is what surfaces.
    expect(err).toBeInstanceOf(DatabaseError)
    expect((err as DatabaseError).body.code).toBe('ABORTED')
    expect((err as DatabaseError).message).toContain('session expired')
    expect(await names()).toEqual([])
  })

  it('keeps an expired session aborted until ROLLBACK, which succeeds', async () => {
    const begin = await raw('BEGIN', null)
    await raw(`INSERT INTO ${table} (name) VALUES ('lost')`, begin.body.session as PsSession)
    await sleep(TTL_MS * 2.5)
    const commit = await raw('COMMIT', begin.body.session as PsSession)
    expect(commit.status).toBe(200)
    expect(commit.body.error?.code).toBe('ABORTED')
    const rollback = await raw('ROLLBACK', commit.body.session as PsSession)
    expect(rollback.body.error).toBeUndefined()
    expect(rollback.body.result).toEqual({})
    expect(await names()).toEqual([])
  })

  it('never continues a transaction in autocommit after its MySQL connection dies', async () => {
    const run = client.transaction(async (tx) => {
      const { rows } = await tx.execute('SELECT CONNECTION_ID() AS c')
      await tx.execute(`INSERT INTO ${table} (name) VALUES ('doomed')`)
      const id = Number((rows[0] as { c: unknown }).c)
      await admin.query(`KILL ${id}`)
      await serverThreadGone(id)
      await tx.execute(`INSERT INTO ${table} (name) VALUES ('orphan')`).catch(() => undefined)
      await tx.execute(`INSERT INTO ${table} (name) VALUES ('orphan 2')`)
    })
    const err = await run.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DatabaseError)
    expect((err as DatabaseError).body.code).toBe('ABORTED')
    expect(await names()).toEqual([])
  })

  it('rejects a session whose signature was forged', async () => {
    const victim = (await raw('BEGIN', null)).body.session as PsSession
    await raw(`INSERT INTO ${table} (name) VALUES ('victim')`, victim)
    const other = (await raw('SELECT 1', null)).body.session as PsSession
    // A valid signature of another session grafted onto the victim's UUID.
    const forged: PsSession = { ...victim, signature: other.signature }
    const attempt = await raw(`INSERT INTO ${table} (name) VALUES ('forged')`, forged)
    expect(attempt.status).toBe(200)
    expect(attempt.body.error?.code).toBe('PERMISSION_DENIED')
    expect(attempt.body.session?.vitessSession.SessionUUID).not.toBe(
      victim.vitessSession.SessionUUID,
    )
    // Through the client: the forged session surfaces as a DatabaseError, not an UnknownError.
    const conn = connect({ url: bridge.url })
    Object.assign(conn, { session: forged })
    const err = await conn.execute('COMMIT').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DatabaseError)
    expect((err as DatabaseError).name).toBe('DatabaseError')
    expect((err as DatabaseError).body.code).toBe('PERMISSION_DENIED')
    // The victim's transaction is untouched: its own COMMIT lands only its own row.
    expect((await raw('COMMIT', victim)).body.error).toBeUndefined()
    expect(await names()).toEqual(['victim'])
  })
})
