/** @module The shared mysql2 pool and the one way the bridge runs SQL: text protocol, raw bytes. */
import type { FieldPacket, ResultSetHeader } from 'mysql2'
import { createPool, type Pool, type PoolConnection } from 'mysql2/promise'
import type { Cell, QueryOutput } from './encode'

/** Where the bridge's MySQL lives; every key has a default in `startPlanetScaleBridge`. */
export interface MysqlTarget {
  host: string
  port: number
  user: string
  password: string
  database: string
}

/**
 * The client escapes quotes with backslashes, so NO_BACKSLASH_ESCAPES would turn its literals
 * into an injection risk; UTC matches PlanetScale and the client's `Date` formatting.
 */
const CONNECTION_SETUP =
  "SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), " +
  "',NO_BACKSLASH_ESCAPES,', ',')), time_zone = '+00:00'"

/** A pool whose connections are prepared for client-formatted SQL before first use. */
export class MysqlBackend {
  private readonly pool: Pool
  // Keyed on the underlying connection, which the pool reuses across `getConnection` calls.
  private readonly prepared = new WeakSet<object>()

  constructor(readonly target: MysqlTarget) {
    this.pool = createPool({
      ...target,
      // Values above 2^53 (insert ids, affected rows) must arrive as exact strings.
      supportBigNumbers: true,
      bigNumberStrings: true,
      multipleStatements: false,
      connectionLimit: 20,
      connectTimeout: 5_000,
    })
  }

  /** Borrows a connection; it rejects with a network or handshake error when MySQL is down. */
  async acquire(): Promise<PoolConnection> {
    const conn = await this.pool.getConnection()
    if (this.prepared.has(conn.connection)) return conn
    try {
      await conn.query(CONNECTION_SETUP)
    } catch (err) {
      conn.destroy()
      throw err
    }
    this.prepared.add(conn.connection)
    return conn
  }

  /** Closes every pooled connection. */
  async end(): Promise<void> {
    await this.pool.end()
  }
}

function isHeader(value: unknown): value is ResultSetHeader {
  return typeof value === 'object' && value !== null && 'affectedRows' in value
}

/**
 * Runs one statement with the text protocol and `typeCast: false`, so every cell is the exact
 * bytes MySQL sent (never prepared statements: binary-protocol values differ). For `CALL`,
 * which yields several result sets, the first set is returned with the final OK packet.
 */
export async function runQuery(conn: PoolConnection, sql: string): Promise<QueryOutput> {
  const [result, fields] = (await conn.query({ sql, rowsAsArray: true, typeCast: false })) as [
    unknown,
    unknown,
  ]
  if (isHeader(result)) return { fields: [], rows: [], header: result }
  const sets = result as unknown[]
  const columns = (fields ?? []) as unknown[]
  if (!Array.isArray(columns[0])) {
    return { fields: columns as FieldPacket[], rows: sets as Cell[][] }
  }
  const last = sets[sets.length - 1]
  return {
    fields: columns[0] as FieldPacket[],
    rows: sets[0] as Cell[][],
    ...(isHeader(last) ? { header: last } : {}),
  }
}
