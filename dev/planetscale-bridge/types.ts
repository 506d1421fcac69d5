/** @module Wire shapes of the PlanetScale HTTP API as `@planetscale/database` reads them (protojson). */

/**
 * One column of a result. Protojson omits zero values, so every key but `name` is optional:
 * `type` is absent for a NULL literal column and the client then reports `'NULL'`.
 */
export interface PsField {
  name: string
  type?: string
  table?: string
  orgTable?: string
  database?: string
  orgName?: string
  columnLength?: number
  charset?: number
  decimals?: number
  flags?: number
}

/** One row: byte lengths as decimal strings (`"-1"` for NULL) plus base64 of the concatenated cells. */
export interface PsRow {
  lengths: string[]
  values?: string
}

/** The `result` of a successful Execute; `{}` for DDL, BEGIN and COMMIT. */
export interface PsResult {
  rowsAffected?: string
  insertId?: string
  fields?: PsField[]
  rows?: PsRow[]
}

/** An error body, either in-body (HTTP 200) or under `error` of a non-2xx response. */
export interface PsError {
  code: string
  message: string
}

/** The Vitess session state, mirroring the key spelling of real PlanetScale captures. */
export interface VitessSession {
  autocommit: boolean
  inTransaction?: boolean
  options: { includedFields: 'ALL'; clientFoundRows: boolean }
  DDLStrategy: string
  SessionUUID: string
  enableSystemSettings: boolean
  targetString: string
  rowCount?: string
  foundRows?: string
  lastInsertId?: string
}

/** The opaque session the client echoes back unchanged on its next request. */
export interface PsSession {
  signature: string
  vitessSession: VitessSession
}

/** Body of every Execute response that reaches SQL: a session always, then a result or an error. */
export interface ExecuteResponse {
  session: PsSession
  result?: PsResult
  error?: PsError
  timing?: number
}
