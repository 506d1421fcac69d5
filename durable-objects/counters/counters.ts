/** @module Counters: the embedded counters store, one object per shard of many counters and sorted sets. */
import { DurableObject } from 'cloudflare:workers'
import type { CounterOp, RankedEntry } from '#domain/ports/counters'
import { meterEnv, meterStorage } from '#objects/shared/ops-meter'

/**
 * The counters and sorted sets of one shard (see shards.ts), in tables keyed by key. Each object
 * is the single writer of its keys and runs each method's SQL synchronously, with no await in
 * between, so increments are exact and `applyOnce` checks and applies in one step.
 */
export class Counters extends DurableObject {
  private readonly sql: SqlStorage

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, meterEnv(env) as never)
    meterStorage(ctx, env, 'Counters', this)
    this.sql = ctx.storage.sql
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, value REAL NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS zsets (key TEXT NOT NULL, member TEXT NOT NULL, score REAL NOT NULL,
          PRIMARY KEY (key, member)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS zsets_rank ON zsets (key, score DESC, member DESC);
        CREATE TABLE IF NOT EXISTS applied (id TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS applied_at ON applied (at);`)
    })
  }

  /** Answers when the object and its storage do. */
  ping(): 'pong' {
    this.sql.exec('SELECT 1').toArray()
    return 'pong'
  }

  incrBy(key: string, by: number): number {
    return this.sql
      .exec<{ value: number }>(
        `INSERT INTO counters (key, value) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET value = value + excluded.value RETURNING value`,
        key,
        by,
      )
      .one().value
  }

  set(key: string, value: number): void {
    this.sql.exec(
      'INSERT INTO counters (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      key,
      value,
    )
  }

  /** One value per key, in order, 0 for a key never set. One statement: SQLite bounds parameters, not JSON. */
  getMany(keys: string[]): number[] {
    return this.sql
      .exec<{ value: number | null }>(
        `SELECT c.value AS value FROM json_each(?) AS k LEFT JOIN counters AS c ON c.key = k.value
         ORDER BY k.key`,
        JSON.stringify(keys),
      )
      .toArray()
      .map((row) => row.value ?? 0)
  }

  zIncrBy(key: string, member: string, by: number): number {
    return this.sql
      .exec<{ score: number }>(
        `INSERT INTO zsets (key, member, score) VALUES (?, ?, ?)
         ON CONFLICT (key, member) DO UPDATE SET score = score + excluded.score RETURNING score`,
        key,
        member,
        by,
      )
      .one().score
  }

  /** Highest score first; equal scores in reverse member order, as Redis `ZRANGE … REV` gives them. */
  zTop(key: string, limit: number): RankedEntry[] {
    return this.sql
      .exec<{ member: string; score: number }>(
        'SELECT member, score FROM zsets WHERE key = ? ORDER BY score DESC, member DESC LIMIT ?',
        key,
        limit,
      )
      .toArray()
      .map((row) => ({ member: row.member, score: row.score }))
  }

  /**
   * Applies `ops` (all of this object's keys) unless `id` was applied here within `ttlMs`: the
   * mark and the ops commit in one transaction, so either both happen or neither does.
   */
  applyOnce(id: string, ops: CounterOp[], ttlMs: number): boolean {
    const now = Date.now()
    return this.ctx.storage.transactionSync(() => {
      // Forget marks past their time a few at a time, so no single call pays for a backlog.
      this.sql.exec(
        'DELETE FROM applied WHERE id IN (SELECT id FROM applied WHERE at < ? LIMIT 50)',
        now - ttlMs,
      )
      const fresh = this.sql
        .exec(
          `INSERT INTO applied (id, at) VALUES (?, ?)
           ON CONFLICT (id) DO UPDATE SET at = excluded.at WHERE applied.at < ? RETURNING id`,
          id,
          now,
          now - ttlMs,
        )
        .toArray()
      if (!fresh.length) return false
      for (const op of ops) {
        if (op.kind === 'incr') this.incrBy(op.key, op.by)
        else this.zIncrBy(op.key, op.member, op.by)
      }
      return true
    })
  }
}
