/**
 * @module Applies migrations/mysql: to the local MySQL (`mysql://…`, the default) or to PlanetScale
 * (`https://user:password@host`, as in DATABASE_URL). Run: `tsx dev/migrate-mysql.ts [--url URL]`.
 */
import { Client } from '@planetscale/database'
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2'
import { migrate as migrateMysql2 } from 'drizzle-orm/mysql2/migrator'
import { drizzle as drizzlePlanetScale } from 'drizzle-orm/planetscale-serverless'
import { migrate as migratePlanetScale } from 'drizzle-orm/planetscale-serverless/migrator'
import mysql from 'mysql2/promise'

const MIGRATIONS = new URL('../migrations/mysql', import.meta.url).pathname

/** The local default: the `commerce` database on the MariaDB of this machine. */
export const LOCAL_MYSQL_URL = 'mysql://root@127.0.0.1:3306/commerce'

/** Applies every pending migration to the database at `url`; creates a local database if missing. */
export async function applyMysqlMigrations(url: string): Promise<void> {
  if (url.startsWith('mysql://')) {
    const target = new URL(url)
    const database = decodeURIComponent(target.pathname.slice(1))
    const server = new URL(url)
    server.pathname = '/'
    const admin = await mysql.createConnection(server.toString())
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${database.replaceAll('`', '``')}\``)
    await admin.end()
    const connection = await mysql.createConnection(url)
    try {
      await migrateMysql2(drizzleMysql({ client: connection }), { migrationsFolder: MIGRATIONS })
    } finally {
      await connection.end()
    }
    return
  }
  await migratePlanetScale(drizzlePlanetScale({ client: new Client({ url }) }), {
    migrationsFolder: MIGRATIONS,
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const flag = process.argv.indexOf('--url')
  const url = flag >= 0 ? process.argv[flag + 1] : (process.env.MYSQL_URL ?? LOCAL_MYSQL_URL)
  if (!url) throw new Error('--url needs a value')
  const shown = url.replace(/\/\/[^@]*@/, '//***@')
  await applyMysqlMigrations(url).catch((err: unknown) => {
    console.error(
      `MySQL migrations failed on ${shown}: ${err instanceof Error ? err.message : err}`,
    )
    process.exit(1)
  })
  console.log(`MySQL migrations applied to ${shown}`)
}
