/** @module The production Rate-limit adapter: @upstash/ratelimit sliding windows on Redis. */
import { Ratelimit } from '@upstash/ratelimit'
import type { Redis } from '@upstash/redis/cloudflare'
import type { RateLimitPort, RateLimitResult } from '../../domain/ports/rate-limit'

/** A window policy: `limit` hits per `windowSeconds`. */
export interface WindowPolicy {
  name: string
  limit: number
  windowSeconds: number
}

/** The Rate-limit port on Upstash: exact counts shared by every location. */
export class UpstashRateLimit implements RateLimitPort {
  readonly adapter = 'upstash'
  private readonly limiter: Ratelimit

  constructor(
    private readonly redis: Redis,
    policy: WindowPolicy,
  ) {
    this.limiter = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(policy.limit, `${policy.windowSeconds} s`),
      prefix: `ec:rl:${policy.name}`,
      // Analytics would add a write per hit; the platform counts what it needs itself.
      analytics: false,
    })
  }

  async ping(): Promise<void> {
    await this.redis.ping()
  }

  async limit(key: string): Promise<RateLimitResult> {
    const { success, limit, remaining, reset } = await this.limiter.limit(key)
    return { success, limit, remaining, reset }
  }
}
