/** @module Type fidelity through the official client: every A6 column type, NULLs, big numbers. */
import { Client } from '@planetscale/database'
import type { FieldPacket } from 'mysql2'
import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlanetScaleBridge } from './server'
import { requireMysql, startTestBridge, uniqueTable } from './test-helpers'

const COLUMNS = `
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  i8 TINYINT, u8 TINYINT UNSIGNED, i16 SMALLINT, u16 SMALLINT UNSIGNED,
  i24 MEDIUMINT, u24 MEDIUMINT UNSIGNED, i32 INT, u32 INT UNSIGNED,
  i64 BIGINT, u64 BIGINT UNSIGNED,
  dec_small DECIMAL(2,1), dec_big DECIMAL(65,30), f FLOAT, d DOUBLE,
  dt DATE, dtm DATETIME(6), ts TIMESTAMP NULL, tm TIME, yr YEAR, bt BIT(3),
  ch CHAR(4), vc VARCHAR(20), tx TEXT, ch_bin CHAR(4) COLLATE utf8mb4_bin,
  tx_bin TEXT COLLATE utf8mb4_bin, bn BINARY(3), vb VARBINARY(10), bl BLOB,
  en ENUM('small','large'), st SET('a','b','c'), js JSON, geo GEOMETRY,
  lat VARCHAR(10) CHARACTER SET latin1`

const EXPECTED_TYPES: Record<string, string> = {
  id: 'INT64',
  i8: 'INT8',
  u8: 'UINT8',
  i16: 'INT16',
  u16: 'UINT16',
  i24: 'INT24',
  u24: 'UINT24',
  i32: 'INT32',
  u32: 'UINT32',
  i64: 'INT64',
  u64: 'UINT64',
  dec_small: 'DECIMAL',
  dec_big: 'DECIMAL',
  f: 'FLOAT32',
  d: 'FLOAT64',
  dt: 'DATE',
  dtm: 'DATETIME',
  ts: 'TIMESTAMP',
  tm: 'TIME',
  yr: 'YEAR',
  bt: 'BIT',
  ch: 'CHAR',
  vc: 'VARCHAR',
  tx: 'TEXT',
  // A binary collation sets the BINARY flag, exactly as the real PlanetScale golden shows.
  ch_bin: 'BINARY',
  tx_bin: 'BLOB',
  bn: 'BINARY',
  vb: 'VARBINARY',
  bl: 'BLOB',
  en: 'ENUM',
  st: 'SET',
  js: 'JSON',
  geo: 'GEOMETRY',
  lat: 'VARCHAR',
}

const DEC_BIG = '12345678901234567890123456789012345.123456789012345678901234567890'
const BLOB_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i)

describe('planetscale bridge types', () => {
  let admin: Connection
  let bridge: PlanetScaleBridge
  let client: Client
  const table = uniqueTable('types')

  beforeAll(async () => {
    admin = await requireMysql()
    bridge = await startTestBridge()
    client = new Client({ url: bridge.url })
    await admin.query(`CREATE TABLE ${table} (${COLUMNS}) CHARACTER SET utf8mb4`)
    await client.execute(
      `INSERT INTO ${table} (i8, u8, i16, u16, i24, u24, i32, u32, i64, u64, dec_small, dec_big,
        f, d, dt, dtm, ts, tm, yr, bt, ch, vc, tx, ch_bin, tx_bin, bn, vb, bl, en, st, js, geo, lat)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, b'101', ?, ?, ?, ?, ?, ?, ?,
        ?, ?, ?, ?, ST_GeomFromText('POINT(1 2)'), ?)`,
      [
        ...[-128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295],
        -9223372036854775808n,
        18446744073709551615n,
        '1.5',
        DEC_BIG,
        1.5,
        0.1,
        '2024-02-29',
        '2024-02-29 13:14:15.123456',
        new Date(Date.UTC(2024, 1, 29, 13, 14, 15)),
        '838:59:59',
        2024,
        ...['abcd', 'héllo 😀', 'text ✓', 'AbC', 'Zürich'],
        new Uint8Array([0x00, 0xff, 0x27]),
        new Uint8Array([0x00, 0xff, 0x27, 0x5c, 0x22]),
        BLOB_BYTES,
        ...['large', 'a,c', JSON.stringify({ a: [1, 2, { b: null }], s: 'ü' }), 'é'],
      ],
    )
    await client.execute(`INSERT INTO ${table} () VALUES ()`)
  })

  afterAll(async () => {
    await admin?.query(`DROP TABLE IF EXISTS ${table}`)
    await admin?.end()
    await bridge?.close()
  })

  it('reports the Vitess type name of every column type', async () => {
    const result = await client.execute(`SELECT * FROM ${table} ORDER BY id`)
    expect(result.types).toEqual(EXPECTED_TYPES)
  })

  it('sends the real field metadata MySQL reports, binary collations included', async () => {
    const result = await client.execute(`SELECT * FROM ${table} ORDER BY id`)
    const [, direct] = (await admin.query({ sql: `SELECT * FROM ${table}`, typeCast: false })) as [
      unknown,
      FieldPacket[],
    ]
    for (const [i, field] of result.fields.entries()) {
      const packet = direct[i] as FieldPacket
      expect(field.name).toBe(packet.name)
      expect(field.charset).toBe(packet.characterSet)
      expect(field.flags ?? 0).toBe(packet.flags)
      expect(field.columnLength ?? 0).toBe(packet.columnLength)
      expect(field.decimals ?? 0).toBe(packet.decimals)
      expect(field.table).toBe(table)
      expect(field.database).toBe(packet.schema)
    }
    const charset = (name: string) => result.fields.find((f) => f.name === name)?.charset
    expect(charset('bn')).toBe(63)
    expect(charset('bl')).toBe(63)
    // `_bin` text keeps a text charset, so the client decodes it as a string, not bytes.
    expect(charset('ch_bin')).not.toBe(63)
    expect(charset('tx_bin')).not.toBe(63)
  })

  it('casts every column the way real PlanetScale values are cast', async () => {
    const { rows } = await client.execute(`SELECT * FROM ${table} ORDER BY id`)
    const row = rows[0] as Record<string, unknown>
    expect(row).toMatchObject({
      i8: -128,
      u8: 255,
      i16: -32768,
      u16: 65535,
      i24: -8388608,
      u24: 16777215,
      i32: -2147483648,
      u32: 4294967295,
      i64: '-9223372036854775808',
      u64: '18446744073709551615',
      dec_small: '1.5',
      dec_big: DEC_BIG,
      f: 1.5,
      d: 0.1,
      dt: '2024-02-29',
      dtm: '2024-02-29 13:14:15.123456',
      // The client sends Dates as UTC and the bridge pins time_zone to UTC: no shift.
      ts: '2024-02-29 13:14:15',
      tm: '838:59:59',
      yr: 2024,
      ch: 'abcd',
      vc: 'héllo 😀',
      tx: 'text ✓',
      ch_bin: 'AbC',
      tx_bin: 'Zürich',
      en: 'large',
      st: 'a,c',
      js: { a: [1, 2, { b: null }], s: 'ü' },
      lat: 'é',
    })
    expect(row.bt).toEqual(new Uint8Array([0b101]))
    expect(row.bn).toEqual(new Uint8Array([0x00, 0xff, 0x27]))
    expect(row.vb).toEqual(new Uint8Array([0x00, 0xff, 0x27, 0x5c, 0x22]))
    expect(row.bl).toEqual(BLOB_BYTES)
    const geo = row.geo as Uint8Array
    expect(geo).toBeInstanceOf(Uint8Array)
    // 4-byte SRID 0, then WKB: little-endian, type 1 (POINT), x = 1.0, y = 2.0.
    const view = new DataView(geo.buffer, geo.byteOffset, geo.byteLength)
    expect(geo.byteLength).toBe(25)
    expect(view.getUint32(0, true)).toBe(0)
    expect([geo[4], view.getUint32(5, true)]).toEqual([1, 1])
    expect([view.getFloat64(9, true), view.getFloat64(17, true)]).toEqual([1, 2])
  })

  it('returns null for every NULL column of every type', async () => {
    const { rows } = await client.execute(`SELECT * FROM ${table} ORDER BY id`)
    const { id, ...rest } = rows[1] as Record<string, unknown>
    expect(typeof id).toBe('string')
    expect(Object.keys(rest)).toHaveLength(Object.keys(EXPECTED_TYPES).length - 1)
    for (const value of Object.values(rest)) expect(value).toBeNull()
  })
})
