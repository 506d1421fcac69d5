/** @module Starts both dev bridges over the local Redis and MySQL, after checking that both answer. */
import { applyMysqlMigrations } from '../migrate-mysql'
import { type PlanetScaleBridge, startPlanetScaleBridge } from '../planetscale-bridge/server'
import { startUpstashBridge } from '../upstash-bridge/server'
import { MYSQL_SERVER_URL, REDIS_URL, requireServices } from './check'

/** Local-only credentials of the bridges; they guard a loopback dev server, never production. */
const LOCAL_CREDENTIALS = {
  upstashToken: process.env.UPSTASH_BRIDGE_TOKEN || 'local-dev-token',
  planetscaleUser: process.env.PLANETSCALE_BRIDGE_USERNAME || 'local',
  planetscalePassword: process.env.PLANETSCALE_BRIDGE_PASSWORD || 'local-dev-password',
}

/** What the Workers need to use the real-service adapters: the secrets, pointed at the bridges. */
export interface RunningServices {
  secrets: {
    DATABASE_URL: string
    UPSTASH_REDIS_REST_URL: string
    UPSTASH_REDIS_REST_TOKEN: string
  }
  /**
   * Stops the PlanetScale bridge, as if the database were unreachable; `start` brings it back
   * on the same port and URL. Both are no-ops when it already is in that state.
   */
  databaseBridge: { stop(): Promise<void>; start(): Promise<void> }
  close(): Promise<void>
}

/**
 * Checks Redis and MySQL, migrates `database` (created if missing; dropped first when `fresh`),
 * then starts both bridges. Ports default to the bridges' own (8079, 8080); 0 picks free ones.
 * `redisUrl` points the Upstash bridge at another Redis than REDIS_URL (a fault test's own).
 */
export async function startServices(opts: {
  database: string
  fresh?: boolean
  upstashPort?: number
  planetscalePort?: number
  redisUrl?: string
}): Promise<RunningServices> {
  const redisUrl = opts.redisUrl ?? REDIS_URL
  await requireServices({ redis: redisUrl })
  if (opts.fresh) await dropDatabase(opts.database)
  await applyMysqlMigrations(`${MYSQL_SERVER_URL}/${opts.database}`)
  const mysqlUrl = new URL(MYSQL_SERVER_URL)
  const upstash = await startUpstashBridge({
    port: opts.upstashPort,
    redisUrl,
    token: LOCAL_CREDENTIALS.upstashToken,
  })
  const startPlanetScale = (port: number | undefined) =>
    startPlanetScaleBridge({
      port,
      username: LOCAL_CREDENTIALS.planetscaleUser,
      password: LOCAL_CREDENTIALS.planetscalePassword,
      mysql: {
        host: mysqlUrl.hostname,
        port: Number(mysqlUrl.port || 3306),
        user: decodeURIComponent(mysqlUrl.username),
        password: decodeURIComponent(mysqlUrl.password),
        database: opts.database,
      },
    })
  let planetscale: PlanetScaleBridge | undefined = await startPlanetScale(
    opts.planetscalePort,
  ).catch(async (err: unknown) => {
    await upstash.close()
    throw err
  })
  const databaseUrl = planetscale.url
  const databaseBridge = {
    async stop() {
      await planetscale?.close()
      planetscale = undefined
    },
    async start() {
      planetscale ??= await startPlanetScale(Number(new URL(databaseUrl).port))
    },
  }
  return {
    secrets: {
      DATABASE_URL: databaseUrl,
      UPSTASH_REDIS_REST_URL: upstash.url,
      UPSTASH_REDIS_REST_TOKEN: upstash.token,
    },
    databaseBridge,
    async close() {
      await Promise.all([upstash.close(), databaseBridge.stop()])
    },
  }
}

async function dropDatabase(database: string) {
  const { default: mysql } = await import('mysql2/promise')
  const connection = await mysql.createConnection(MYSQL_SERVER_URL)
  await connection.query(`DROP DATABASE IF EXISTS \`${database.replaceAll('`', '``')}\``)
  await connection.end()
}
