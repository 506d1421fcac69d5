/** @module Serves the built bundles through Miniflare's API (workerd), never `wrangler dev`. */
import { execFileSync } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { type Log, Miniflare, type WorkerOptions } from 'miniflare'
import { unstable_readConfig } from 'wrangler'
import type { Bundles } from './build'

/**
 * The workerd binary Miniflare starts: the one `wrangler dev` and the vitest plugin run
 * (wrangler's own dependency), not the older one under miniflare 4, whose stable line stops at
 * workerd 1.20260730. Miniflare starts whatever `MINIFLARE_WORKERD_PATH` names (its documented
 * override), so the bench and the fault suite measure the runtime the rest of the project runs.
 * A path set by the caller is kept, to measure another build.
 */
const wranglerWorkerd: { default: string } = createRequire(
  createRequire(import.meta.url).resolve('wrangler/package.json'),
)('workerd')
process.env.MINIFLARE_WORKERD_PATH ??= wranglerWorkerd.default

/** What the served binary says of itself (`workerd 2026-11-02`), recorded with every run. */
export const runtime = execFileSync(process.env.MINIFLARE_WORKERD_PATH, ['--version'], {
  encoding: 'utf8',
}).trim()

/** The newest compatibility date the served workerd supports: the date its version names. */
export const supportedCompatibilityDate = (() => {
  const date = /\d{4}-\d{2}-\d{2}/.exec(runtime)?.[0]
  if (!date) throw new Error(`no date in the workerd version: ${runtime}`)
  return date
})()

/** Local-only secrets: the bench's own values, never a real key. */
export const SECRETS = {
  JWT_SECRET: 'bench-jwt-secret-0123456789abcdef0123456789abcdef',
  ADMIN_API_KEY: 'bench-admin-key',
  PAYMENT_WEBHOOK_SECRET: 'bench-webhook-secret',
}

// Every [[ratelimits]] binding is kept (its cost is part of each request) but raised this high,
// so a 10-second run from one IP never reaches it. The per-shopper checkout rate, which a real
// drop has in force, is no binding: the shoppers' objects count it (CHECKOUT_RATE_LIMIT, served
// as configured; the sales spread their orders over thousands of shoppers).
const RAISED_LIMIT = 100_000_000

/** The fields of a wrangler config the bench maps to Miniflare (wrangler's own types do not resolve here). */
interface WranglerConfig {
  name?: string
  compatibility_date?: string
  compatibility_flags: string[]
  vars: Record<string, string>
  d1_databases: { binding: string; database_id?: string }[]
  kv_namespaces: { binding: string; id?: string }[]
  durable_objects: { bindings: { name: string; class_name: string; script_name?: string }[] }
  queues: {
    producers?: { binding: string; queue: string }[]
    consumers?: {
      queue: string
      max_batch_size?: number
      max_batch_timeout?: number
      max_retries?: number
      retry_delay?: number
      dead_letter_queue?: string
    }[]
  }
  ratelimits: { name: string; namespace_id: string; simple: { limit: number; period: 10 | 60 } }[]
}

/** Reads a wrangler.toml the way wrangler does. */
export function readConfig(path: string): WranglerConfig {
  return unstable_readConfig({ config: path }) as WranglerConfig
}

/** A running pair of Workers and the loopback URL of the api. */
export interface Served {
  mf: Miniflare
  url: string
  /** The api's request log lines (stdout), read for the time each request spent in the Worker. */
  requestLog: RequestLog
}

/**
 * Reads the request log the api writes to stdout (one JSON line per request, middleware/logger.ts)
 * and, while watching one route, keeps each of its requests' `durationMs`: the time from the
 * Worker's first middleware to its response, as production's logs would show it. What a client
 * measures adds the time before the Worker runs and after it answers: reading the request off its
 * socket, waiting for the isolate, writing the response.
 */
export class RequestLog {
  private rest = ''
  private watched: { method: string; path: string; durations: number[] } | undefined

  /** Starts keeping the durations of `method path`; the returned function stops and gives them. */
  watch(method: string, path: string): () => number[] {
    const watched = { method, path, durations: [] as number[] }
    this.watched = watched
    return () => {
      if (this.watched === watched) this.watched = undefined
      return watched.durations
    }
  }

  /** Feeds stdout as it arrives; lines are read only while a route is watched. */
  read(chunk: string): void {
    const watched = this.watched
    if (!watched) {
      this.rest = ''
      return
    }
    const lines = (this.rest + chunk).split('\n')
    this.rest = lines.pop() ?? ''
    for (const line of lines) {
      // Cheap test first: the log has many other lines and routes.
      if (!line.includes('"msg":"request"') || !line.includes(watched.path)) continue
      try {
        const entry = JSON.parse(line) as { method?: string; path?: string; durationMs?: unknown }
        if (
          entry.method === watched.method &&
          entry.path === watched.path &&
          typeof entry.durationMs === 'number'
        )
          watched.durations.push(entry.durationMs)
      } catch {
        // Not a log line of ours (a Worker's own console output): skipped.
      }
    }
  }
}

/** How to serve: by default in memory, every run from empty stores. */
export interface ServeOptions {
  /**
   * Keep KV, D1, Durable Objects and the Cache API in this directory, so a new instance on the
   * same directory finds what a disposed one wrote (a restart of workerd). Queues stay in memory:
   * Miniflare's queue broker does not persist.
   */
  persistRoot?: string
  /** Where Miniflare's own lines go (queue batches, retries, dead-lettering); none by default. */
  log?: Log
  /** Where the Workers' stderr (warnings, errors) goes; process.stderr by default. */
  stderr?: Writable
  /** Opens workerd's inspector (Chrome DevTools protocol) on this port: `npm run bench:profile`. */
  inspectorPort?: number
}

/** Starts both Workers on 127.0.0.1 (free port), applies migrations/d1, and waits until ready. */
export async function serve(
  bundles: Bundles,
  extra: Record<string, string> = {},
  options: ServeOptions = {},
): Promise<Served> {
  const api = readConfig('wrangler.toml')
  const consumer = readConfig('workers/queue-consumer/wrangler.toml')
  const requestLog = new RequestLog()
  const apiWorker = workerOptions(api, bundles.api, extra)
  apiWorker.bindings = { ...apiWorker.bindings, ...SECRETS }
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    // Without a persist root every run starts from empty stores. The per-request log lines are
    // drained, and read only while a scenario watches a route (production ships them to
    // observability); stderr still shows Worker errors.
    defaultPersistRoot: options.persistRoot,
    log: options.log,
    ...(options.inspectorPort === undefined ? {} : { inspectorPort: options.inspectorPort }),
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.setEncoding('utf8')
      stdout.on('data', (chunk: string) => requestLog.read(chunk))
      stderr.pipe(options.stderr ?? process.stderr, { end: false })
    },
    // The api comes first: Miniflare's HTTP server routes to the first Worker.
    workers: [apiWorker, workerOptions(consumer, bundles.consumer, extra)],
  })
  const url = (await mf.ready).toString().replace(/\/$/, '')
  await migrateD1(mf, api.name ?? '')
  return { mf, url, requestLog }
}

/**
 * Miniflare's options for one Worker from its wrangler config: its bindings as configured, Durable
 * Objects on SQLite, and every rate-limit binding kept but raised out of reach (RAISED_LIMIT).
 */
export function workerOptions(
  config: WranglerConfig,
  scriptPath: string,
  extra: Record<string, string> = {},
): WorkerOptions {
  return {
    name: config.name ?? '',
    modules: true,
    scriptPath,
    // Module names are relative to this root; the bundle lives outside the repository.
    modulesRoot: dirname(scriptPath),
    compatibilityDate: compatibilityDate(config.compatibility_date),
    compatibilityFlags: config.compatibility_flags,
    bindings: { ...config.vars, ...extra },
    d1Databases: Object.fromEntries(
      config.d1_databases.map((d) => [d.binding, d.database_id ?? '']),
    ),
    kvNamespaces: Object.fromEntries(config.kv_namespaces.map((k) => [k.binding, k.id ?? ''])),
    durableObjects: Object.fromEntries(
      config.durable_objects.bindings.map((d) => [
        d.name,
        { className: d.class_name, scriptName: d.script_name, useSQLite: true },
      ]),
    ),
    queueProducers: Object.fromEntries(
      (config.queues.producers ?? []).map((p) => [p.binding, { queueName: p.queue }]),
    ),
    queueConsumers: Object.fromEntries(
      (config.queues.consumers ?? []).map((c) => [
        c.queue,
        {
          maxBatchSize: c.max_batch_size,
          maxBatchTimeout: c.max_batch_timeout,
          maxRetries: c.max_retries,
          retryDelay: c.retry_delay,
          deadLetterQueue: c.dead_letter_queue,
        },
      ]),
    ),
    ratelimits: Object.fromEntries(
      config.ratelimits.map((r) => [
        r.name,
        {
          namespace_id: r.namespace_id,
          simple: {
            limit: RAISED_LIMIT,
            period: r.simple.period,
          },
        },
      ]),
    ),
  }
}

/**
 * The configured date, or the newest this workerd supports when the config is ahead of it: the
 * same fall-back `wrangler dev` makes. The run records which date served the bundle.
 */
export function compatibilityDate(configured = supportedCompatibilityDate) {
  // biome-ignore lint/complexity/useMathMinMax: the dates are strings (YYYY-MM-DD); Math.min would give NaN
  return configured > supportedCompatibilityDate ? supportedCompatibilityDate : configured
}

/**
 * Applies the migrations/d1 files not applied yet, in order (drizzle output, split at its
 * breakpoint marker), recording each in wrangler's own `d1_migrations` table, so a persisted
 * database is migrated once.
 */
async function migrateD1(mf: Miniflare, workerName: string) {
  const db = await mf.getD1Database('DB', workerName)
  await db
    .prepare(
      'CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)',
    )
    .run()
  const { results } = await db.prepare('SELECT name FROM d1_migrations').all<{ name: string }>()
  const applied = new Set(results.map((r: { name: string }) => r.name))
  const files = (await readdir('migrations/d1')).filter((f) => f.endsWith('.sql')).sort()
  for (const file of files.filter((f) => !applied.has(f))) {
    const statements = (await readFile(`migrations/d1/${file}`, 'utf8'))
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter(Boolean)
    const record = db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').bind(file)
    await db.batch([...statements.map((s) => db.prepare(s)), record])
  }
}
