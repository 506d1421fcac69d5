/** @module The embedded Rate-limit adapter: the Workers rate-limit binding. */
import type { RateLimitPort, RateLimitResult } from '#domain/ports/rate-limit'

/** The slice of the Workers `RateLimit` binding this adapter uses. */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>
}

/**
 * The Rate-limit port on a Workers binding. The binding counts per location and answers only
 * success or not, so `limit`, `remaining` and `reset` come from the configured policy.
 */
export class WorkersRateLimit implements RateLimitPort {
  readonly adapter = 'workers-ratelimit'

  constructor(
    private readonly binding: RateLimitBinding,
    private readonly policy: { limit: number; windowSeconds: number },
  ) {}

  async ping(): Promise<void> {
    // A key of its own, so health checks never eat a caller's budget.
    await this.binding.limit({ key: 'health:ping' })
  }

  async limit(key: string): Promise<RateLimitResult> {
    const { success } = await this.binding.limit({ key })
    const windowMs = this.policy.windowSeconds * 1000
    return {
      success,
      limit: this.policy.limit,
      reset: Math.ceil(Date.now() / windowMs) * windowMs,
    }
  }
}
