/** @module Encodes mysql2 text-protocol results into PlanetScale `fields`, `rows` and counters. */
import type { FieldPacket, ResultSetHeader } from 'mysql2'
import type { PsField, PsResult, PsRow } from './types'

/** A raw cell from `typeCast: false`: the exact text-protocol bytes, or `null` for SQL NULL. */
export type Cell = Buffer | null

/** One statement's outcome, normalised from mysql2's several result shapes. */
export interface QueryOutput {
  fields: FieldPacket[]
  rows: Cell[][]
  header?: ResultSetHeader
}

const UNSIGNED = 32
const BINARY = 128
const ENUM = 256
const SET = 2048
const NULL_TYPE = 6
const INTEGER_TYPES = new Set([1, 2, 3, 8, 9])
const BLOB_TYPES = new Set([249, 250, 251, 252])

/** Base Vitess type per MySQL column type id; flag modifiers are applied in `fieldType`. */
const BASE_TYPES: Readonly<Record<number, string>> = {
  0: 'DECIMAL',
  1: 'INT8',
  2: 'INT16',
  3: 'INT32',
  4: 'FLOAT32',
  5: 'FLOAT64',
  7: 'TIMESTAMP',
  8: 'INT64',
  9: 'INT24',
  10: 'DATE',
  11: 'TIME',
  12: 'DATETIME',
  13: 'YEAR',
  14: 'DATE',
  15: 'VARCHAR',
  16: 'BIT',
  17: 'TIMESTAMP',
  18: 'DATETIME',
  19: 'TIME',
  242: 'VECTOR',
  245: 'JSON',
  246: 'DECIMAL',
  247: 'ENUM',
  248: 'SET',
  249: 'TEXT',
  250: 'TEXT',
  251: 'TEXT',
  252: 'TEXT',
  253: 'VARCHAR',
  254: 'CHAR',
  255: 'GEOMETRY',
}

/**
 * Maps a MySQL column type and flags to the Vitess type name (Vitess `MySQLToType` + `modifyType`).
 * Returns `undefined` for the NULL type, whose field carries no `type` key on the wire.
 */
export function fieldType(
  columnType: number,
  flags: number,
  extendedFormat?: string,
): string | undefined {
  if (columnType === NULL_TYPE) return undefined
  // MariaDB sends JSON as LONGTEXT; only the extended metadata says it is JSON.
  if (extendedFormat === 'json') return 'JSON'
  const base = BASE_TYPES[columnType]
  // A type Vitess does not know: fall back to the string family so the client still decodes it.
  if (base === undefined) return flags & BINARY ? 'VARBINARY' : 'VARCHAR'
  if (INTEGER_TYPES.has(columnType)) return flags & UNSIGNED ? `U${base}` : base
  if (BLOB_TYPES.has(columnType)) return flags & BINARY ? 'BLOB' : base
  if (base === 'VARCHAR') return flags & BINARY ? 'VARBINARY' : base
  if (base === 'CHAR') {
    if (flags & BINARY) return 'BINARY'
    if (flags & ENUM) return 'ENUM'
    if (flags & SET) return 'SET'
  }
  return base
}

/** Builds a protojson field: empty strings and zero numbers are omitted, `charset` is the real one. */
export function encodeField(packet: FieldPacket): PsField {
  const columnType = packet.columnType ?? packet.type ?? NULL_TYPE
  const flags = typeof packet.flags === 'number' ? packet.flags : 0
  const field: PsField = { name: packet.name }
  const type = fieldType(columnType, flags, packet.extendedFormat)
  if (type !== undefined) field.type = type
  const text: [keyof PsField, string | undefined][] = [
    ['table', packet.table],
    ['orgTable', packet.orgTable],
    ['database', packet.schema],
    ['orgName', packet.orgName],
  ]
  for (const [key, value] of text) if (value) Object.assign(field, { [key]: value })
  const numbers: [keyof PsField, number | undefined][] = [
    ['columnLength', packet.columnLength],
    ['charset', packet.characterSet],
    ['decimals', packet.decimals],
    ['flags', flags],
  ]
  for (const [key, value] of numbers) if (value) Object.assign(field, { [key]: value })
  return field
}

/** Encodes one row: byte lengths (NULL = -1) and base64 of the non-NULL cells concatenated. */
export function encodeRow(cells: readonly Cell[]): PsRow {
  const lengths = cells.map((cell) => (cell === null ? '-1' : String(cell.length)))
  const bytes = Buffer.concat(cells.filter((cell): cell is Buffer => cell !== null))
  // Protojson omits empty bytes; the client treats a missing `values` as ''.
  return bytes.length > 0 ? { lengths, values: bytes.toString('base64') } : { lengths }
}

/**
 * mysql2 reads the OK packet's insert id as signed, so BIGINT UNSIGNED ids >= 2^63 arrive
 * negative; adding 2^64 restores the unsigned value. Strings keep ids above 2^53 exact.
 */
export function unsignedInsertId(insertId: number | string): string {
  const id = BigInt(insertId)
  return (id < 0n ? id + 2n ** 64n : id).toString()
}

/** Builds the `result` object; counters are strings and omitted when zero, like protojson uint64. */
export function encodeResult(output: QueryOutput): PsResult {
  const result: PsResult = {}
  const { header } = output
  if (header) {
    const affected = String(header.affectedRows)
    if (affected !== '0') result.rowsAffected = affected
    const insertId = unsignedInsertId(header.insertId)
    if (insertId !== '0') result.insertId = insertId
  }
  if (output.fields.length > 0) result.fields = output.fields.map(encodeField)
  if (output.rows.length > 0) result.rows = output.rows.map(encodeRow)
  return result
}
