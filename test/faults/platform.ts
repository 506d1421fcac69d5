/**
 * @module One platform under test: both production bundles in Miniflare on a persist directory of
 * its own, the production adapters wired to dedicated dev bridges over a dedicated Redis and a
 * dedicated MySQL database, and the handles to break and repair each of them.
 */
import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Log, LogLevel } from 'miniflare'
import mysql from 'mysql2/promise'
import { type Served, serve } from '#bench/serve'
import { MYSQL_SERVER_URL } from '#dev/services/check'
import { type RunningServices, startServices } from '#dev/services/start'
import { ensureBundles } from './bundles'
import { type OwnRedis, startRedis } from './redis-server'

/** Where each platform's Worker logs go (test-results/ is ignored by git). */
export const LOGS = 'test-results/faults'

/** What a scenario can do to the platform it runs. */
export interface Platform {
  /** The api's loopback URL; it changes when workerd restarts. */
  url(): string
  served(): Served
  redis: OwnRedis
  services: RunningServices
  /** Where workerd keeps KV, D1, Durable Objects and caches, across restarts. */
  persistRoot: string
  /** Miniflare's own lines so far (queue batches, retries, dead-lettering), oldest first. */
  log: string[]
  /** Counts rows of a table of the dedicated MySQL database, read directly with mysql2. */
  count(table: string, where?: string): Promise<number>
  query<T>(sql: string): Promise<T[]>
  /**
   * Disposes workerd (whatever is in flight is cut off) and starts it on the same persist dir;
   * `whileDown` runs in between, when nothing writes to the persist dir.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>
  /** Stops workerd, the bridges and Redis, and deletes the persist dir; safe to call twice. */
  close(): Promise<void>
}

/**
 * Starts everything for the scenario `name` (its database is `commerce_faults_<name>`, fresh).
 * `extra` adds or overrides bindings of both Workers (e.g. MEILISEARCH_HOST).
 */
export async function startPlatform(
  name: string,
  extra: Record<string, string> = {},
): Promise<Platform> {
  const bundles = await ensureBundles()
  const cleanup: (() => Promise<unknown>)[] = []
  const close = async () => {
    // Newest first; every step runs even when an earlier one fails.
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => {})
  }
  try {
    const persistRoot = await mkdtemp(join(tmpdir(), `edge-faults-${name}-`))
    cleanup.push(() => rm(persistRoot, { recursive: true, force: true }))
    const redis = await startRedis()
    cleanup.push(() => redis.kill())
    const database = `commerce_faults_${name}`
    const services = await startServices({
      database,
      fresh: true,
      upstashPort: 0,
      planetscalePort: 0,
      redisUrl: redis.url,
    })
    cleanup.push(() => services.close())
    const db = await mysql.createConnection(`${MYSQL_SERVER_URL}/${database}`)
    cleanup.push(() => db.end())
    const bindings = { ...services.secrets, ...extra }
    const log = new RecordingLog()
    // The Workers log every failure they survive; kept out of the test output, for reading after.
    await mkdir(LOGS, { recursive: true })
    const stderr = createWriteStream(join(LOGS, `${name}.workerd.log`))
    cleanup.push(() => new Promise((r) => stderr.end(r)))
    const options = { persistRoot, log, stderr }
    let served = await serve(bundles, bindings, options)
    cleanup.push(() => served.mf.dispose())
    const query = async <T>(sql: string) => (await db.query(sql))[0] as T[]
    return {
      url: () => served.url,
      served: () => served,
      redis,
      services,
      log: log.lines,
      persistRoot,
      query,
      async count(table, where = '1 = 1') {
        const [row] = await query<{ n: number }>(
          `SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`,
        )
        return Number(row?.n ?? 0)
      },
      async restart(whileDown) {
        await served.mf.dispose()
        await whileDown?.()
        served = await serve(bundles, bindings, options)
      },
      close,
    }
  } catch (err) {
    await close()
    throw err
  }
}

/** Keeps Miniflare's lines (down to DEBUG, where its queue broker reports retries) for assertions. */
class RecordingLog extends Log {
  readonly lines: string[] = []
  constructor() {
    super(LogLevel.DEBUG)
  }
  override logWithLevel(level: LogLevel, message: string) {
    // Colour codes stripped: the broker decorates its batch lines.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters.
    if (level <= this.level) this.lines.push(message.replace(/\x1b\[[0-9;]*m/g, ''))
  }
}
