/** @module The production Rate-limit adapter: @upstash/ratelimit sliding windows on Redis. */
import { Ratelimit } from '@upstash/ratelimit'
import type { Redis } from '@upstash/redis/cloudflare'
import { UpstreamError } from '#domain/errors'
import { errorMessage } from '#domain/log'
import type { RateLimitPort, RateLimitResult } from '#domain/ports/rate-limit'

/** A window policy: `limit` hits per `windowSeconds`. */
export interface WindowPolicy {
  name: string
  limit: number
  windowSeconds: number
}

// Upstash answers in tens of milliseconds; past this the check is abandoned so that callers, who
// fail open, do not make every request wait on a store that is down.
const DEFAULT_TIMEOUT_MS = 1_000

/** The Rate-limit port on Upstash: exact counts shared by every location. */
export class UpstashRateLimit implements RateLimitPort {
  readonly adapter = 'upstash'
  private readonly limiter: Ratelimit

  constructor(
    private readonly redis: Redis,
    policy: WindowPolicy,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    this.limiter = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(policy.limit, `${policy.windowSeconds} s`),
      prefix: `ec:rl:${policy.name}`,
      // Analytics would add a write per hit; the platform counts what it needs itself.
      analytics: false,
      timeout: timeoutMs,
    })
  }

  async ping(): Promise<void> {
    await upstash(() => this.redis.ping())
  }

  async limit(key: string): Promise<RateLimitResult> {
    const { success, limit, remaining, reset, reason } = await upstash(() =>
      this.limiter.limit(key),
    )
    // The SDK answers a timeout with a made-up success; say what happened so the caller decides.
    if (reason === 'timeout') {
      throw new UpstreamError('upstash', `no answer within ${this.timeoutMs} ms`, undefined, true)
    }
    return { success, limit, remaining, reset }
  }
}

/** Runs an SDK call; a failure becomes a retryable UpstreamError, as in the Counters adapter. */
async function upstash<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (err instanceof UpstreamError) throw err
    const message = errorMessage(err)
    throw new UpstreamError('upstash', message, undefined, true, { cause: err })
  }
}
