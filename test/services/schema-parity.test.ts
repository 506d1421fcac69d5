/**
 * @module Both migration sets apply to empty databases (D1 through wrangler, MySQL through the
 * migrate script) and give the same tables, columns and nullability.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mysql from 'mysql2/promise'
import { afterAll, describe, expect, it } from 'vitest'
import { applyMysqlMigrations } from '#dev/migrate-mysql'
import { MYSQL_SERVER_URL } from '#dev/services/check'

type Schema = Record<string, Record<string, { nullable: boolean }>>

function put(schema: Schema, table: string, column: string, nullable: boolean) {
  schema[table] = { ...schema[table], [column]: { nullable } }
}

const persist = mkdtempSync(join(tmpdir(), 'd1-parity-'))
const database = `schema_parity_${process.pid}`

afterAll(async () => {
  rmSync(persist, { recursive: true, force: true })
  const connection = await mysql.createConnection(MYSQL_SERVER_URL)
  await connection.query(`DROP DATABASE IF EXISTS ${database}`)
  await connection.end()
})

function wrangler(...args: string[]): string {
  return execFileSync(process.execPath, ['node_modules/wrangler/bin/wrangler.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' },
  })
}

async function d1Schema(): Promise<Schema> {
  wrangler('d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist)
  const out = wrangler(
    'd1',
    'execute',
    'DB',
    '--local',
    '--persist-to',
    persist,
    '--json',
    '--command',
    `SELECT m.name AS tbl, p.name AS col, p."notnull" AS not_null, p.pk AS pk FROM sqlite_master m
     JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
     AND m.name NOT LIKE '_cf_%' AND m.name <> 'd1_migrations'`,
  )
  const rows =
    (
      JSON.parse(out) as { results: { tbl: string; col: string; not_null: number; pk: number }[] }[]
    )[0]?.results ?? []
  const schema: Schema = {}
  // SQLite lets a non-INTEGER primary key hold NULL unless declared NOT NULL; MySQL never does.
  for (const r of rows) put(schema, r.tbl, r.col, r.not_null === 0 && r.pk === 0)
  return schema
}

async function mysqlSchema(): Promise<Schema> {
  await applyMysqlMigrations(`${MYSQL_SERVER_URL}/${database}`)
  const connection = await mysql.createConnection(MYSQL_SERVER_URL)
  const [rows] = await connection.query(
    `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS col, IS_NULLABLE AS nullable FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA = ? AND TABLE_NAME <> '__drizzle_migrations'`,
    [database],
  )
  await connection.end()
  const schema: Schema = {}
  for (const r of rows as { tbl: string; col: string; nullable: string }[]) {
    put(schema, r.tbl, r.col, r.nullable === 'YES')
  }
  return schema
}

describe('schema parity', () => {
  it('gives D1 and MySQL the same tables, columns and nullability', async () => {
    const [d1, my] = await Promise.all([d1Schema(), mysqlSchema()])
    expect(Object.keys(d1).sort()).toEqual([
      'dead_letters',
      'guests',
      'inventory_ledger',
      'order_events',
      'order_lines',
      'orders',
      'products',
      'refresh_tokens',
      'users',
      'variants',
      'webhook_attempts',
      'webhook_deliveries',
      'webhook_endpoints',
    ])
    expect(d1).toEqual(my)
  }, 60_000)
})
