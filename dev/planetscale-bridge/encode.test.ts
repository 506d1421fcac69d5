/** @module Pure encoding rules: type mapping corners MariaDB cannot produce, row bytes, ids. */
import type { FieldPacket } from 'mysql2'
import { describe, expect, it } from 'vitest'
import { encodeField, encodeRow, fieldType, unsignedInsertId } from './encode'

describe('fieldType', () => {
  it('maps the MySQL-only and legacy type ids of the reference table', () => {
    const cases: [number, number, string | undefined][] = [
      [0, 0, 'DECIMAL'],
      [6, 128, undefined],
      [14, 128, 'DATE'],
      [17, 128, 'TIMESTAMP'],
      [18, 128, 'DATETIME'],
      [19, 128, 'TIME'],
      [242, 144, 'VECTOR'],
      [245, 144, 'JSON'],
      [247, 256, 'ENUM'],
      [248, 2048, 'SET'],
      // MySQL sends ENUM and SET columns as STRING plus a flag.
      [254, 256, 'ENUM'],
      [254, 2048, 'SET'],
      [254, 128 | 256, 'BINARY'],
      [9, 32, 'UINT24'],
      [8, 32 | 16384, 'UINT64'],
      [15, 128, 'VARBINARY'],
      [251, 16, 'TEXT'],
    ]
    for (const [columnType, flags, expected] of cases) {
      expect([columnType, flags, fieldType(columnType, flags)]).toEqual([
        columnType,
        flags,
        expected,
      ])
    }
  })

  it('types a MariaDB JSON column (LONGTEXT plus extended metadata) as JSON', () => {
    expect(fieldType(252, 144, 'json')).toBe('JSON')
    expect(fieldType(252, 144)).toBe('BLOB')
  })
})

describe('encodeField', () => {
  it('omits empty strings and zero numbers but keeps the real charset', () => {
    const packet = {
      name: 'c',
      columnType: 253,
      flags: 0,
      characterSet: 45,
      columnLength: 80,
      decimals: 0,
      table: 't',
      orgTable: 't',
      schema: 'db',
      orgName: 'c',
    } as FieldPacket
    expect(encodeField(packet)).toEqual({
      name: 'c',
      type: 'VARCHAR',
      table: 't',
      orgTable: 't',
      database: 'db',
      orgName: 'c',
      columnLength: 80,
      charset: 45,
    })
  })
})

describe('encodeRow', () => {
  it('encodes the reference worked example', () => {
    const cells = [Buffer.from('42'), Buffer.from('héllo'), null, Buffer.from('😀')]
    expect(encodeRow(cells)).toEqual({ lengths: ['2', '6', '-1', '4'], values: 'NDJow6lsbG/wn5iA' })
  })
})

describe('unsignedInsertId', () => {
  it('restores BIGINT UNSIGNED ids that mysql2 read as negative', () => {
    expect(unsignedInsertId('-1')).toBe('18446744073709551615')
    expect(unsignedInsertId('9007199254740993')).toBe('9007199254740993')
    expect(unsignedInsertId(42)).toBe('42')
  })
})
