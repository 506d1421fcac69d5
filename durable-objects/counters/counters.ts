/** @module Counters: the embedded counters store, one object per counter or leaderboard key. */
import { DurableObject } from 'cloudflare:workers'
import type { RankedEntry } from '../../domain/ports/counters'

/**
 * One counter and one sorted set under a single key. Keys are spread over objects by name, so
 * hot keys do not queue behind each other; each object is a single writer, so increments are exact.
 */
export class Counters extends DurableObject {
  private readonly sql: SqlStorage

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never)
    this.sql = ctx.storage.sql
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY CHECK (id = 1), value REAL NOT NULL);
        CREATE TABLE IF NOT EXISTS zset (member TEXT PRIMARY KEY, score REAL NOT NULL);
        CREATE INDEX IF NOT EXISTS zset_score ON zset (score DESC, member DESC);`)
    })
  }

  /** Answers when the object and its storage do. */
  ping(): 'pong' {
    this.sql.exec('SELECT 1').toArray()
    return 'pong'
  }

  incrBy(by: number): number {
    return this.sql
      .exec<{ value: number }>(
        `INSERT INTO counter (id, value) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET value = value + excluded.value RETURNING value`,
        by,
      )
      .one().value
  }

  set(value: number): void {
    this.sql.exec(
      'INSERT INTO counter (id, value) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET value = excluded.value',
      value,
    )
  }

  get(): number {
    return (
      this.sql.exec<{ value: number }>('SELECT value FROM counter WHERE id = 1').toArray()[0]
        ?.value ?? 0
    )
  }

  zIncrBy(member: string, by: number): number {
    return this.sql
      .exec<{ score: number }>(
        `INSERT INTO zset (member, score) VALUES (?, ?) ON CONFLICT (member) DO UPDATE SET score = score + excluded.score RETURNING score`,
        member,
        by,
      )
      .one().score
  }

  /** Highest score first; equal scores in reverse member order, as Redis `ZRANGE … REV` gives them. */
  zTop(limit: number): RankedEntry[] {
    return this.sql
      .exec<{ member: string; score: number }>(
        'SELECT member, score FROM zset ORDER BY score DESC, member DESC LIMIT ?',
        limit,
      )
      .toArray()
      .map((row) => ({ member: row.member, score: row.score }))
  }
}
