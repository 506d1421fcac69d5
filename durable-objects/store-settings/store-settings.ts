/**
 * @module StoreSettings: the one writer of the store's shipping zones, tax settings and discount
 * definitions, so every write is checked against the whole set it belongs to. Each committed
 * version is published to KV (`settings:<name>`), where checkouts and carts read it at their own
 * location instead of calling this one object (adapter.ts).
 */
import { DurableObject } from 'cloudflare:workers'
import type { z } from 'zod'
import { Discount } from '#domain/discounts/discount'
import { AppError } from '#domain/errors'
import { createLogger, errorMessage, type Logger } from '#domain/log'
import { type ShippingZone, ShippingZones } from '#domain/shipping/shipping'
import { TaxSettings } from '#domain/tax/rates'
import { meterEnv, meterStorage } from '#objects/shared/ops-meter'
import { applyMigrations } from '../shared/migrations'
import { type Reply, reply } from '../shared/reply'
import { settingsKey } from './published'

/** The bindings the object uses: the KV namespace it publishes to. */
export interface StoreSettingsEnv {
  CATALOG_KV: KVNamespace
  LOG_LEVEL?: string
}

/** How long after a failed publication the alarm tries again (and again, until it succeeds). */
export const PUBLISH_RETRY_MS = 10_000

/** The object's SQLite schema, applied by the one migration runner (shared/migrations.ts). */
export const STORE_SETTINGS_MIGRATIONS: readonly string[] = [
  // 1: documents (shipping, tax), discounts, and the version every write bumps. IF NOT EXISTS:
  // objects made before this list had these tables already.
  `CREATE TABLE IF NOT EXISTS documents (
     name TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
   CREATE TABLE IF NOT EXISTS discounts (
     id TEXT PRIMARY KEY, code TEXT UNIQUE, body TEXT NOT NULL,
     created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
   CREATE TABLE IF NOT EXISTS version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
   INSERT OR IGNORE INTO version (id, n) VALUES (1, 0);`,
  // 2: the version last published to KV (null: none yet, so the first read publishes).
  'ALTER TABLE version ADD COLUMN published INTEGER;',
]

/** Everything a price needs of the store's settings; `version` grows with every write. */
export interface Settings {
  version: number
  shippingZones: ShippingZone[]
  /** Null until an admin sets them: then the store collects no tax. */
  tax: TaxSettings | null
  discounts: Discount[]
}

/**
 * One object for the whole store (`getByName('store')`): settings are small, written rarely and
 * read on every priced cart, so one strongly consistent writer fits them. Each write validates
 * with the domain schemas and commits in one synchronous transaction, bumping `version`, then is
 * published to KV before the write answers; readers at every location read KV (through a short
 * isolate cache), so no checkout waits on this object, wherever it lives. A publication that
 * fails is retried by the alarm until KV holds the current version.
 */
export class StoreSettings extends DurableObject<StoreSettingsEnv> {
  private readonly sql: SqlStorage
  private readonly log: Logger
  /** Publications run one after another, so KV never ends on an older version than the last. */
  private publishing: Promise<unknown> = Promise.resolve()

  constructor(ctx: DurableObjectState, env: StoreSettingsEnv) {
    super(ctx, meterEnv(env) as never)
    meterStorage(ctx, env, 'StoreSettings', this)
    this.sql = ctx.storage.sql
    this.log = createLogger(env.LOG_LEVEL, { object: 'StoreSettings' })
    ctx.blockConcurrencyWhile(async () => {
      applyMigrations(ctx.storage, STORE_SETTINGS_MIGRATIONS)
    })
  }

  /** The settings as published: publishes them first if KV does not hold this version yet. */
  async published(): Promise<Settings> {
    await this.publish()
    return this.read()
  }

  /** Retries a failed publication, every PUBLISH_RETRY_MS until KV holds the current version. */
  override async alarm(): Promise<void> {
    try {
      await this.publish()
    } catch (error) {
      // Set again rather than thrown: workerd gives up on an alarm that keeps throwing.
      this.log.warn('settings still not published to KV; retrying', { error: errorMessage(error) })
      await this.ctx.storage.setAlarm(Date.now() + PUBLISH_RETRY_MS)
    }
  }

  /** All settings at one version. */
  read(): Settings {
    const doc = (name: string) =>
      this.sql
        .exec<{ body: string }>('SELECT body FROM documents WHERE name = ?', name)
        .toArray()[0]
    const zones = doc('shipping')
    const tax = doc('tax')
    return {
      version: this.sql.exec<{ n: number }>('SELECT n FROM version').one().n,
      shippingZones: zones ? ShippingZones.parse(JSON.parse(zones.body)) : [],
      tax: tax ? TaxSettings.parse(JSON.parse(tax.body)) : null,
      discounts: this.sql
        .exec<{ body: string }>('SELECT body FROM discounts ORDER BY created_at, id')
        .toArray()
        .map((r) => Discount.parse(JSON.parse(r.body))),
    }
  }

  /** Replaces every shipping zone; the set is checked whole (one zone per country, unique method ids). */
  putShippingZones(zones: ShippingZone[]): Promise<Reply<ShippingZone[]>> {
    return reply(() => this.afterWrite(this.putDocument('shipping', ShippingZones, zones)))
  }

  /** Replaces the tax settings: the tax mode (prices include tax or not), shipping rule and rates. */
  putTax(settings: TaxSettings): Promise<Reply<TaxSettings>> {
    return reply(() => this.afterWrite(this.putDocument('tax', TaxSettings, settings)))
  }

  /** One discount, or null. */
  discount(id: string): Discount | null {
    const row = this.sql
      .exec<{ body: string }>('SELECT body FROM discounts WHERE id = ?', id)
      .toArray()[0]
    return row ? Discount.parse(JSON.parse(row.body)) : null
  }

  /**
   * Stores a discount. `create` refuses an id already stored (`conflict`); an update refuses an
   * unknown id (`not_found`) and a changed code, whose uses live in the old code's object. Either
   * refuses a code another discount has (`conflict`).
   */
  putDiscount(discount: Discount, mode: 'create' | 'update'): Promise<Reply<Discount>> {
    return reply(() => {
      const parsed = parse(Discount, discount)
      const now = Date.now()
      const stored = this.ctx.storage.transactionSync(() => {
        const existing = this.discount(parsed.id)
        if (mode === 'create' && existing)
          throw new AppError('conflict', `discount ${parsed.id} already exists`)
        if (mode === 'update' && !existing)
          throw new AppError('not_found', `no discount ${parsed.id}`)
        if (existing && existing.code !== parsed.code)
          throw new AppError('validation_failed', 'the code of a discount cannot change', [
            { path: 'code', message: `stays ${existing.code}` },
          ])
        const taken = this.sql
          .exec<{ id: string }>(
            'SELECT id FROM discounts WHERE code = ? AND id != ?',
            parsed.code,
            parsed.id,
          )
          .toArray()[0]
        if (taken)
          throw new AppError('conflict', `code ${parsed.code} belongs to discount ${taken.id}`)
        this.sql.exec(
          `INSERT INTO discounts (id, code, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
          parsed.id,
          parsed.code,
          JSON.stringify(parsed),
          now,
          now,
        )
        this.bump()
        return parsed
      })
      return this.afterWrite(stored)
    })
  }

  private putDocument<T>(name: string, schema: z.ZodType<T>, value: unknown): T {
    const parsed = parse(schema, value)
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        `INSERT INTO documents (name, body, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
        name,
        JSON.stringify(parsed),
        Date.now(),
      )
      this.bump()
    })
    return parsed
  }

  private bump(): void {
    this.sql.exec('UPDATE version SET n = n + 1')
  }

  /**
   * Answers a committed write once KV holds it. A failed publication does not undo the write
   * (it is stored, and the admin routes read the object): the alarm publishes it later.
   */
  private async afterWrite<T>(value: T): Promise<T> {
    try {
      await this.publish()
    } catch (error) {
      this.log.warn('settings not published to KV; the alarm retries', {
        error: errorMessage(error),
      })
      await this.ctx.storage.setAlarm(Date.now() + PUBLISH_RETRY_MS)
    }
    return value
  }

  /** Puts the current version to KV unless it is there already; one publication at a time. */
  private publish(): Promise<void> {
    const run = this.publishing.then(async () => {
      const settings = this.read()
      const published = this.sql
        .exec<{ p: number | null }>('SELECT published AS p FROM version')
        .one().p
      if (published !== null && published >= settings.version) return
      const name = this.ctx.id.name ?? 'store'
      await this.env.CATALOG_KV.put(settingsKey(name), JSON.stringify(settings))
      this.sql.exec('UPDATE version SET published = ?', settings.version)
    })
    this.publishing = run.catch(() => undefined)
    return run
  }
}

/** Checks an RPC argument; a bad one is a 400 refusal with zod's issues, and writes nothing. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success)
    throw new AppError(
      'validation_failed',
      'Settings failed validation',
      parsed.error.issues.map((i) => ({
        path: i.path.join('.'),
        message: i.message,
        code: i.code,
      })),
    )
  return parsed.data
}
