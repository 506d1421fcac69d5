/** @module The production Counters adapter: Upstash Redis counters and sorted sets. */
import type { Redis } from '@upstash/redis/cloudflare'
import { AppError, UpstreamError } from '#domain/errors'
import { errorMessage } from '#domain/log'
import {
  APPLY_ONCE_TTL_SECONDS,
  type CounterOp,
  type CountersPort,
  type RankedEntry,
} from '#domain/ports/counters'

// Upstash answers in tens of milliseconds, and the SDK retries a refused connection for ~4 s;
// past this a call is abandoned so that callers (which fail open or retry later) are not held.
const DEFAULT_TIMEOUT_MS = 1_000

// Marks `KEYS[1]` (SET NX EX) and, only when the mark is new, applies the ops in the same script:
// Redis runs a script atomically, so the mark and the increments land together or not at all.
// ARGV: ttl seconds, then per op `kind, by, member` for KEYS[2…]. INCRBYFLOAT, not INCRBY, so no
// op can fail after the mark was written (values were checked as finite numbers beforehand).
const APPLY_ONCE = `if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
for i = 2, #KEYS do
  local a = 2 + (i - 2) * 3
  if ARGV[a] == 'z' then redis.call('ZINCRBY', KEYS[i], ARGV[a + 1], ARGV[a + 2])
  else redis.call('INCRBYFLOAT', KEYS[i], ARGV[a + 1]) end
end
return 1`

/** The Counters port on Redis; keys map one to one onto Redis keys under `prefix`. */
export class UpstashCounters implements CountersPort {
  readonly adapter = 'upstash'

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'ec:',
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  async ping(): Promise<void> {
    await this.call(() => this.redis.ping())
  }

  incrBy(key: string, by: number): Promise<number> {
    return this.call(() => this.redis.incrby(this.prefix + key, by))
  }

  async set(key: string, value: number): Promise<void> {
    await this.call(() => this.redis.set(this.prefix + key, value))
  }

  async get(key: string): Promise<number> {
    const [value] = await this.getMany([key])
    return value ?? 0
  }

  /** One MGET; a key never set (or holding no string) reads 0. */
  async getMany(keys: readonly string[]): Promise<number[]> {
    if (!keys.length) return []
    const values = await this.call(() =>
      this.redis.mget<(number | string | null)[]>(...keys.map((k) => this.prefix + k)),
    )
    return values.map((v) => (v === null ? 0 : Number(v)))
  }

  async zIncrBy(key: string, member: string, by: number): Promise<number> {
    return Number(await this.call(() => this.redis.zincrby(this.prefix + key, by, member)))
  }

  async zTop(key: string, limit: number): Promise<RankedEntry[]> {
    const flat = await this.call(() =>
      this.redis.zrange<(string | number)[]>(this.prefix + key, 0, limit - 1, {
        rev: true,
        withScores: true,
      }),
    )
    const entries: RankedEntry[] = []
    for (let i = 0; i + 1 < flat.length; i += 2) {
      entries.push({ member: String(flat[i]), score: Number(flat[i + 1]) })
    }
    return entries
  }

  /** One script: the mark `seen:<id>` and the ops, atomically (see APPLY_ONCE). */
  async applyOnce(id: string, ops: readonly CounterOp[]): Promise<boolean> {
    if (!ops.length) return false
    for (const op of ops) {
      if (!Number.isFinite(op.by))
        throw new AppError('invalid_counter_op', `bad increment ${op.by}`)
    }
    const keys = [`${this.prefix}seen:${id}`, ...ops.map((op) => this.prefix + op.key)]
    const args = [String(APPLY_ONCE_TTL_SECONDS)]
    for (const op of ops) {
      args.push(
        op.kind === 'zincr' ? 'z' : 'i',
        String(op.by),
        op.kind === 'zincr' ? op.member : '',
      )
    }
    const applied = await this.call(() => this.redis.eval<string[], number>(APPLY_ONCE, keys, args))
    return Number(applied) === 1
  }

  /** Runs one SDK call under the timeout, turning its failures into UpstreamError. */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new UpstreamError('upstash', `no answer within ${this.timeoutMs} ms`, undefined, true),
          ),
        this.timeoutMs,
      )
    })
    try {
      return await Promise.race([run(), timeout])
    } catch (err) {
      if (err instanceof AppError) throw err
      // Retryable: the REST API answers an outage of Redis behind it with the same error type as
      // a bad command, and a queue's bounded retries end in the dead-letter queue either way.
      const message = errorMessage(err)
      throw new UpstreamError('upstash', message, undefined, true, { cause: err })
    } finally {
      if (timer !== undefined) clearTimeout(timer)
    }
  }
}
