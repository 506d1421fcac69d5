/** @module Protocol errors: SQL error mapping, auth, malformed bodies, MySQL down, CreateSession. */
import { createServer } from 'node:net'
import { Client, connect, DatabaseError } from '@planetscale/database'
import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlanetScaleBridge } from './server'
import {
  CREDENTIALS,
  MYSQL,
  postRaw,
  requireMysql,
  startTestBridge,
  uniqueTable,
} from './test-helpers'

async function sqlFailure(client: Client, sql: string): Promise<DatabaseError> {
  const err = await client.execute(sql).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(DatabaseError)
  // An expected failure must never degrade into the client's UnknownError.
  expect((err as DatabaseError).name).toBe('DatabaseError')
  return err as DatabaseError
}

/** A port nothing listens on: bind to a free one, then release it. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (typeof address !== 'object' || address === null) throw new Error('no port')
  return address.port
}

describe('planetscale bridge protocol', () => {
  let admin: Connection
  let bridge: PlanetScaleBridge
  let client: Client
  const parent = uniqueTable('parent')
  const child = uniqueTable('child')

  beforeAll(async () => {
    admin = await requireMysql()
    bridge = await startTestBridge()
    client = new Client({ url: bridge.url })
    await admin.query(`CREATE TABLE ${parent} (id INT PRIMARY KEY, name VARCHAR(8) NOT NULL)`)
    await admin.query(`CREATE TABLE ${child} (id INT PRIMARY KEY, parent_id INT NOT NULL,
      FOREIGN KEY (parent_id) REFERENCES ${parent} (id)) ENGINE=InnoDB`)
    await admin.query(`INSERT INTO ${parent} VALUES (1, 'one')`)
  })

  afterAll(async () => {
    await admin?.query(`DROP TABLE IF EXISTS ${child}, ${parent}`)
    await admin?.end()
    await bridge?.close()
  })

  it('maps MySQL errnos to Vitess codes in the full PlanetScale message format', async () => {
    const dup = await sqlFailure(client, `INSERT INTO ${parent} VALUES (1, 'again')`)
    expect(dup.status).toBe(400)
    expect(dup.body.code).toBe('ALREADY_EXISTS')
    const desc = `desc = Duplicate entry '1' for key `
    expect(dup.message.startsWith(`target: ${MYSQL.database}.-.primary: vttablet: `)).toBe(true)
    expect(dup.message).toContain(`rpc error: code = AlreadyExists ${desc}`)
    expect(dup.message).toMatch(
      new RegExp(
        ` \\(errno 1062\\) \\(sqlstate 23000\\) \\(CallerID: ${CREDENTIALS.username}\\): Sql: `,
      ),
    )
    expect(
      dup.message.endsWith(`Sql: "INSERT INTO ${parent} VALUES (1, 'again')", BindVars: {}`),
    ).toBe(true)
    const cases: [string, string, number][] = [
      ['SELECT * FROM no_such_table_at_all', 'NOT_FOUND', 1146],
      [`SELECT nope FROM ${parent}`, 'NOT_FOUND', 1054],
      ['SELEKT 1', 'INVALID_ARGUMENT', 1064],
      [`INSERT INTO ${parent} VALUES (2, NULL)`, 'INVALID_ARGUMENT', 1048],
      [`INSERT INTO ${parent} VALUES (3, 'much too long')`, 'INVALID_ARGUMENT', 1406],
      [`INSERT INTO ${child} VALUES (1, 99)`, 'FAILED_PRECONDITION', 1452],
      [`INSERT INTO ${parent} (id) VALUES (4)`, 'UNKNOWN', 1364],
    ]
    for (const [sql, code, errno] of cases) {
      const err = await sqlFailure(client, sql)
      expect([err.status, err.body.code]).toEqual([400, code])
      expect(err.message).toMatch(
        new RegExp(`vttablet: .* \\(errno ${errno}\\) \\(sqlstate \\w{5}\\)`),
      )
    }
  })

  it('answers SQL errors with HTTP 200, an error body and a session', async () => {
    const { status, body } = await postRaw(bridge.url, { query: 'SELEKT', session: null })
    expect(status).toBe(200)
    expect(body.error?.code).toBe('INVALID_ARGUMENT')
    expect(body.session?.vitessSession.SessionUUID).toEqual(expect.any(String))
    expect(body).not.toHaveProperty('result')
  })

  it('rejects bad or missing credentials with 401', async () => {
    const url = new URL(bridge.url)
    url.password = 'wrong'
    const err = await new Client({ url: url.toString() }).execute('SELECT 1').catch((e) => e)
    expect(err).toBeInstanceOf(DatabaseError)
    expect([err.name, err.status, err.body.code]).toEqual(['DatabaseError', 401, 'unauthenticated'])
    url.username = ''
    url.password = ''
    const anonymous = await connect({ url: url.toString() })
      .execute('SELECT 1')
      .catch((e) => e)
    expect(anonymous.status).toBe(401)
    const missing = await postRaw(bridge.url, { query: 'SELECT 1' }, { auth: null })
    expect(missing.status).toBe(401)
    expect(missing.body.error?.code).toBe('unauthenticated')
    // The decoded credentials are accepted: the URL carries them percent-encoded.
    expect(bridge.url).toContain(encodeURIComponent(CREDENTIALS.password))
    expect((await client.execute('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
  })

  it('rejects malformed bodies with 400 invalid_argument', async () => {
    for (const body of ['not json', '{}', '{"query": 42}', '{"query":"SELECT 1","session":"x"}']) {
      const response = await postRaw(bridge.url, body)
      expect([response.status, response.body.error?.code]).toEqual([400, 'invalid_argument'])
    }
    const unknown = await postRaw(bridge.url, {}, { path: '/psdb.v1alpha1.Database/Nope' })
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'not_found'])
  })

  it('creates sessions through CreateSession and uses them', async () => {
    const created = await postRaw(
      bridge.url,
      {},
      {
        path: '/psdb.v1alpha1.Database/CreateSession',
      },
    )
    expect(created.status).toBe(200)
    expect(created.body.user?.username).toBe(CREDENTIALS.username)
    expect(created.body.session?.vitessSession.SessionUUID).toEqual(expect.any(String))
    const conn = connect({ url: bridge.url })
    await conn.refresh()
    expect((await conn.execute('SELECT 2 AS two')).rows).toEqual([{ two: 2 }])
  })

  it('answers 503 unavailable, naming MySQL, when MySQL cannot be reached', async () => {
    const port = await closedPort()
    const down = await startTestBridge({ mysql: { port } })
    try {
      const err = await new Client({ url: down.url }).execute('SELECT 1').catch((e) => e)
      expect(err).toBeInstanceOf(DatabaseError)
      expect([err.name, err.status, err.body.code]).toEqual(['DatabaseError', 503, 'unavailable'])
      expect(err.message).toContain(`MySQL at 127.0.0.1:${port}`)
    } finally {
      await down.close()
    }
  })
})
