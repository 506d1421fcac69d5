/** @module Checks that the local Redis and MySQL answer, and says exactly what is missing. */
import { Redis } from 'ioredis'
import mysql from 'mysql2/promise'

/** Where the local servers are expected; override with REDIS_URL and MYSQL_URL. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
export const MYSQL_SERVER_URL = process.env.MYSQL_SERVER_URL ?? 'mysql://root@127.0.0.1:3306'

const START_REDIS =
  'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'
const START_MYSQL = 'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd'

/** Resolves to undefined when Redis answers PING, else to a sentence naming it and how to start it. */
export async function checkRedis(url = REDIS_URL): Promise<string | undefined> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  redis.on('error', () => {})
  try {
    await redis.connect()
    await redis.ping()
    return undefined
  } catch (err) {
    return `Redis is not answering at ${url} (${message(err)}); start it with: ${START_REDIS}`
  } finally {
    redis.disconnect()
  }
}

/** Resolves to undefined when MySQL accepts a connection, else to a sentence naming it. */
export async function checkMysql(url = MYSQL_SERVER_URL): Promise<string | undefined> {
  try {
    const connection = await mysql.createConnection({ uri: url, connectTimeout: 2_000 })
    await connection.query('SELECT 1')
    await connection.end()
    return undefined
  } catch (err) {
    return `MySQL (MariaDB) is not answering at ${url.replace(/\/\/[^@]*@/, '//')} (${message(err)}); start it with: ${START_MYSQL}`
  }
}

/** Throws one error listing every missing service; used by `npm run services` and the test setup. */
export async function requireServices(
  urls: { redis?: string; mysql?: string } = {},
): Promise<void> {
  const problems = (await Promise.all([checkRedis(urls.redis), checkMysql(urls.mysql)])).filter(
    Boolean,
  )
  if (problems.length) throw new Error(`Local services missing:\n- ${problems.join('\n- ')}`)
}

function message(err: unknown): string {
  if (err instanceof AggregateError) return err.errors.map(message).join('; ')
  const e = err as { code?: string; message?: string }
  return e.code ?? e.message ?? String(err)
}
