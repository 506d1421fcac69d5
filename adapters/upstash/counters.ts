/** @module The production Counters adapter: Upstash Redis counters and sorted sets. */
import type { Redis } from '@upstash/redis/cloudflare'
import type { CountersPort, RankedEntry } from '../../domain/ports/counters'

/** The Counters port on Redis; keys map one to one onto Redis keys under `prefix`. */
export class UpstashCounters implements CountersPort {
  readonly adapter = 'upstash'

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'ec:',
  ) {}

  async ping(): Promise<void> {
    await this.redis.ping()
  }

  incrBy(key: string, by: number): Promise<number> {
    return this.redis.incrby(this.prefix + key, by)
  }

  async set(key: string, value: number): Promise<void> {
    await this.redis.set(this.prefix + key, value)
  }

  async get(key: string): Promise<number> {
    const value = await this.redis.get<number | string>(this.prefix + key)
    return value === null ? 0 : Number(value)
  }

  async zIncrBy(key: string, member: string, by: number): Promise<number> {
    return Number(await this.redis.zincrby(this.prefix + key, by, member))
  }

  async zTop(key: string, limit: number): Promise<RankedEntry[]> {
    const flat = await this.redis.zrange<(string | number)[]>(this.prefix + key, 0, limit - 1, {
      rev: true,
      withScores: true,
    })
    const entries: RankedEntry[] = []
    for (let i = 0; i + 1 < flat.length; i += 2) {
      entries.push({ member: String(flat[i]), score: Number(flat[i + 1]) })
    }
    return entries
  }
}
