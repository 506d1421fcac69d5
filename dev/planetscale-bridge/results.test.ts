/** @module Result shapes on the wire and through the client: rows, counters, timing, sizes. */
import { randomBytes } from 'node:crypto'
import { Client } from '@planetscale/database'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlanetScaleBridge } from './server'
import { postRaw, requireMysql, startTestBridge, uniqueTable } from './test-helpers'

const DEC_65_30 = '12345678901234567890123456789012345.123456789012345678901234567890'

describe('planetscale bridge results', () => {
  let admin: Connection
  let bridge: PlanetScaleBridge
  let client: Client
  const big = uniqueTable('bigid')
  const unsigned = uniqueTable('uid')
  const items = uniqueTable('items')
  const ddl = uniqueTable('ddl')
  const raw = (query: string) => postRaw(bridge.url, { query, session: null })

  beforeAll(async () => {
    admin = await requireMysql()
    bridge = await startTestBridge()
    client = new Client({ url: bridge.url })
    await admin.query(
      `CREATE TABLE ${big} (id BIGINT PRIMARY KEY AUTO_INCREMENT, v INT) AUTO_INCREMENT=9007199254740993`,
    )
    await admin.query(
      `CREATE TABLE ${unsigned} (id BIGINT UNSIGNED PRIMARY KEY AUTO_INCREMENT, v INT)
       AUTO_INCREMENT=18446744073709551610`,
    )
    await admin.query(
      `CREATE TABLE ${items} (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(64), data LONGBLOB)`,
    )
  })

  afterAll(async () => {
    for (const table of [big, unsigned, items, ddl])
      await admin?.query(`DROP TABLE IF EXISTS ${table}`)
    await admin?.end()
    await bridge?.close()
  })

  it('encodes NULL as length -1 and omits the type of a NULL column', async () => {
    const { status, body } = await raw("SELECT NULL, '', 0")
    expect(status).toBe(200)
    expect(body.result?.rows).toEqual([{ lengths: ['-1', '0', '1'], values: 'MA==' }])
    expect(body.result?.fields?.[0]).not.toHaveProperty('type')
    const result = await client.execute("SELECT NULL, '', 0", null, { as: 'array' })
    expect(result.rows).toEqual([[null, '', 0]])
    expect(result.types.NULL).toBe('NULL')
  })

  it('omits values when every cell is NULL or empty', async () => {
    const { body } = await raw("SELECT NULL AS a, '' AS b")
    expect(body.result?.rows).toEqual([{ lengths: ['-1', '0'] }])
    expect((await client.execute("SELECT NULL AS a, '' AS b")).rows).toEqual([{ a: null, b: '' }])
  })

  it('counts lengths in bytes, matching the reference worked example', async () => {
    const { body } = await raw("SELECT '42', 'héllo', NULL, '😀'")
    expect(body.result?.rows).toEqual([
      { lengths: ['2', '6', '-1', '4'], values: 'NDJow6lsbG/wn5iA' },
    ])
  })

  it('returns result {} for DDL and BEGIN, and timing in seconds', async () => {
    expect((await raw(`CREATE TABLE ${ddl} (id INT)`)).body.result).toEqual({})
    expect((await raw('BEGIN')).body.result).toEqual({})
    const sleep = await raw('SELECT SLEEP(0.2)')
    // Seconds, not milliseconds: a 0.2 s sleep reports about 0.2.
    expect(sleep.body.timing).toBeGreaterThanOrEqual(0.19)
    expect(sleep.body.timing).toBeLessThan(10)
  })

  it('keeps fields for a SELECT with zero rows', async () => {
    const { body } = await raw(`SELECT id, name FROM ${items} WHERE 1 = 0`)
    expect(body.result?.fields?.map((f) => f.name)).toEqual(['id', 'name'])
    expect(body.result).not.toHaveProperty('rows')
    const result = await client.execute(`SELECT id, name FROM ${items} WHERE 1 = 0`)
    expect(result.headers).toEqual(['id', 'name'])
    expect(result.rows).toEqual([])
  })

  it('returns insertId as an exact string above 2^53 and for BIGINT UNSIGNED ids', async () => {
    const signed = await client.execute(`INSERT INTO ${big} (v) VALUES (1)`)
    expect(signed.insertId).toBe('9007199254740993')
    const { body } = await raw(`INSERT INTO ${unsigned} (v) VALUES (1)`)
    expect(body.result).toEqual({ rowsAffected: '1', insertId: '18446744073709551610' })
    const second = await client.execute(`INSERT INTO ${unsigned} (v) VALUES (2)`)
    expect(second.insertId).toBe('18446744073709551611')
  })

  it('reports the first id of a multi-row insert and matched rows for UPDATE', async () => {
    const insert = await client.execute(`INSERT INTO ${items} (name) VALUES (?), (?), (?)`, [
      'a',
      'b',
      'c',
    ])
    expect(insert.rowsAffected).toBe(3)
    const first = Number(insert.insertId)
    const [check] = await admin.query<RowDataPacket[]>(`SELECT MIN(id) AS m FROM ${items}`)
    expect(first).toBe(check[0]?.m)
    // Nothing changes, yet both rows match: PlanetScale's clientFoundRows semantics.
    const update = await client.execute(`UPDATE ${items} SET name = name WHERE id <= ?`, [
      first + 1,
    ])
    expect(update.rowsAffected).toBe(2)
    const select = await raw(`SELECT id FROM ${items}`)
    expect(select.body.result).not.toHaveProperty('rowsAffected')
    expect(select.body.result).not.toHaveProperty('insertId')
  })

  it('keeps duplicate column names with as: array', async () => {
    const result = await client.execute('SELECT 1 AS a, 2 AS a', null, { as: 'array' })
    expect(result.headers).toEqual(['a', 'a'])
    expect(result.rows).toEqual([[1, 2]])
  })

  it('round-trips emoji, non-ASCII aliases and tricky string parameters', async () => {
    const tricky = 'it\'s \\ back\nslash \0 nul \x1a ? :name "q" 😀'
    // Placeholders inside literals stay literal; only the bare `?` takes the parameter.
    // Aliases stay in the BMP: MySQL and MariaDB reject 4-byte characters in identifiers.
    const result = await client.execute("SELECT 'a?b :name' AS `naïve ✓`, ? AS `ключ`", [tricky])
    expect(result.headers).toEqual(['naïve ✓', 'ключ'])
    expect(result.rows[0]).toEqual({ 'naïve ✓': 'a?b :name', ключ: tricky })
  })

  it('returns a large result and a 1 MiB BLOB intact', async () => {
    const digits =
      '(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)'
    const many = await client.execute(
      `SELECT a.d * 1000 + b.d * 100 + c.d * 10 + e.d AS n
       FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e ORDER BY n`,
      null,
      { as: 'array' },
    )
    expect(many.size).toBe(10_000)
    expect(Number((many.rows[9_999] as unknown[])[0])).toBe(9_999)
    const blob = new Uint8Array(randomBytes(1024 * 1024))
    const insert = await client.execute(`INSERT INTO ${items} (name, data) VALUES ('blob', ?)`, [
      blob,
    ])
    const { rows } = await client.execute(`SELECT data FROM ${items} WHERE id = ?`, [
      Number(insert.insertId),
    ])
    expect((rows[0] as { data: Uint8Array }).data).toEqual(blob)
  })

  it('round-trips DECIMAL(65,30) and BIGINT extremes as exact strings', async () => {
    const result = await client.execute(
      'SELECT CAST(? AS DECIMAL(65,30)) AS d, CAST(? AS UNSIGNED) AS u, CAST(? AS SIGNED) AS s',
      [DEC_65_30, '18446744073709551615', '-9223372036854775808'],
    )
    expect(result.rows[0]).toEqual({
      d: DEC_65_30,
      u: '18446744073709551615',
      s: '-9223372036854775808',
    })
  })

  it('round-trips random binary bytes byte-identically through an x-literal', async () => {
    const bytes = new Uint8Array(randomBytes(512))
    bytes.set([0x00, 0xff, 0x27, 0x5c], 0)
    const { rows } = await client.execute('SELECT ? AS b', [bytes], { as: 'array' })
    expect((rows[0] as unknown[])[0]).toEqual(bytes)
  })
})
