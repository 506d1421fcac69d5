/** @module Transactions and sessions: pinning, isolation, rollback, savepoints, serialisation. */
import { Client, connect, DatabaseError } from '@planetscale/database'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { PlanetScaleBridge } from './server'
import { barrier, requireMysql, startTestBridge, uniqueTable } from './test-helpers'

describe('planetscale bridge transactions', () => {
  let admin: Connection
  let bridge: PlanetScaleBridge
  let client: Client
  const table = uniqueTable('tx')

  async function committedNames(): Promise<string[]> {
    const [rows] = await admin.query<RowDataPacket[]>(`SELECT name FROM ${table} ORDER BY name`)
    return rows.map((row) => String(row.name))
  }

  async function openTransactions(connectionId: string): Promise<number> {
    const [rows] = await admin.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = ?',
      [connectionId],
    )
    return Number(rows[0]?.n)
  }

  beforeAll(async () => {
    admin = await requireMysql()
    bridge = await startTestBridge()
    client = new Client({ url: bridge.url })
    await admin.query(`CREATE TABLE ${table} (id INT PRIMARY KEY AUTO_INCREMENT,
      name VARCHAR(32) NOT NULL UNIQUE) ENGINE=InnoDB`)
  })

  beforeEach(async () => {
    await admin.query(`DELETE FROM ${table}`)
  })

  afterAll(async () => {
    await admin?.query(`DROP TABLE IF EXISTS ${table}`)
    await admin?.end()
    await bridge?.close()
  })

  it('commits every statement of a transaction', async () => {
    await client.transaction(async (tx) => {
      await tx.execute(`INSERT INTO ${table} (name) VALUES ('one')`)
      await tx.execute(`INSERT INTO ${table} (name) VALUES ('two')`)
    })
    expect(await committedNames()).toEqual(['one', 'two'])
  })

  it('leaves no row behind when the transaction callback throws', async () => {
    const run = client.transaction(async (tx) => {
      await tx.execute(`INSERT INTO ${table} (name) VALUES ('ghost')`)
      throw new Error('boom')
    })
    await expect(run).rejects.toThrow('boom')
    expect(await committedNames()).toEqual([])
  })

  it('rolls back on the same connection after a SQL error mid-transaction', async () => {
    await admin.query(`INSERT INTO ${table} (name) VALUES ('taken')`)
    let connectionId = ''
    const run = client.transaction(async (tx) => {
      connectionId = (await tx.execute('SELECT CONNECTION_ID() AS c')).rows[0]?.c as string
      await tx.execute(`INSERT INTO ${table} (name) VALUES ('first')`)
      await tx.execute(`INSERT INTO ${table} (name) VALUES ('taken')`)
      await tx.execute(`INSERT INTO ${table} (name) VALUES ('third')`)
    })
    const err = await run.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DatabaseError)
    expect((err as DatabaseError).status).toBe(400)
    expect((err as DatabaseError).body.code).toBe('ALREADY_EXISTS')
    expect((err as DatabaseError).message).toMatch(
      /^target: \w+\.-\.primary: vttablet: rpc error: code = AlreadyExists desc = .*\(errno 1062\) \(sqlstate 23000\)/,
    )
    expect(await committedNames()).toEqual(['taken'])
    // The client's ROLLBACK reached the pinned connection: no transaction is left open on it.
    expect(await openTransactions(connectionId)).toBe(0)
  })

  it('isolates two concurrent transactions on distinct connections', async () => {
    const bothWrote = barrier(2)
    const bothLooked = barrier(2)
    const seen: Record<string, unknown> = {}
    const run = (name: string) =>
      client.transaction(async (tx) => {
        await tx.execute(`INSERT INTO ${table} (name) VALUES (?)`, [name])
        await bothWrote()
        const mine = await tx.execute(`SELECT name FROM ${table} ORDER BY name`)
        const id = await tx.execute('SELECT CONNECTION_ID() AS c')
        seen[name] = { rows: mine.rows, connection: id.rows[0]?.c }
        // Outside both transactions nothing is visible yet.
        seen.outside ??= (await client.execute(`SELECT name FROM ${table}`)).rows
        await bothLooked()
      })
    await Promise.all([run('alpha'), run('beta')])
    const alpha = seen.alpha as { rows: unknown[]; connection: string }
    const beta = seen.beta as { rows: unknown[]; connection: string }
    expect(alpha.rows).toEqual([{ name: 'alpha' }])
    expect(beta.rows).toEqual([{ name: 'beta' }])
    expect(alpha.connection).not.toBe(beta.connection)
    expect(seen.outside).toEqual([])
    expect(await committedNames()).toEqual(['alpha', 'beta'])
  })

  it('serialises parallel statements inside one transaction on one connection', async () => {
    const ids = await client.transaction(async (tx) => {
      const names = Array.from({ length: 20 }, (_, i) => `p${i}`)
      await Promise.all(
        names.map((name) => tx.execute(`INSERT INTO ${table} (name) VALUES (?)`, [name])),
      )
      const results = await Promise.all(names.map(() => tx.execute('SELECT CONNECTION_ID() AS c')))
      return new Set(results.map((r) => r.rows[0]?.c))
    })
    expect(ids.size).toBe(1)
    expect(await committedNames()).toHaveLength(20)
  })

  it('honours savepoints inside a transaction', async () => {
    await client.transaction(async (tx) => {
      await tx.execute(`INSERT INTO ${table} (name) VALUES ('keep')`)
      await tx.execute('SAVEPOINT sp1')
      await tx.execute(`INSERT INTO ${table} (name) VALUES ('undo')`)
      await tx.execute('ROLLBACK TO SAVEPOINT sp1')
      await tx.execute('SAVEPOINT sp2')
      await tx.execute(`INSERT INTO ${table} (name) VALUES ('kept too')`)
      await tx.execute('RELEASE SAVEPOINT sp2')
    })
    expect(await committedNames()).toEqual(['keep', 'kept too'])
  })

  it('keeps concurrent sessions and their session state apart', async () => {
    const sessions = Array.from({ length: 6 }, (_, i) => ({
      i,
      conn: connect({ url: bridge.url }),
    }))
    const values = await Promise.all(
      sessions.map(async ({ i, conn }) => {
        await conn.execute('SET @who = ?', [i])
        await conn.execute(`INSERT INTO ${table} (name) VALUES (?)`, [`s${i}`])
        return (await conn.execute('SELECT @who AS who')).rows[0]?.who
      }),
    )
    expect(values.map(Number)).toEqual([0, 1, 2, 3, 4, 5])
    expect(await committedNames()).toHaveLength(6)
  })
})
