/** @module The embedded Rate-limit adapter: the Workers rate-limit binding. */
import { UpstreamError } from '#domain/errors'
import { errorMessage } from '#domain/log'
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
    await this.check('health:ping')
  }

  async limit(key: string): Promise<RateLimitResult> {
    const success = await this.check(key)
    const windowMs = this.policy.windowSeconds * 1000
    return {
      success,
      limit: this.policy.limit,
      reset: Math.ceil(Date.now() / windowMs) * windowMs,
    }
  }

  /**
   * The binding's answer; a failure of the binding becomes the UpstreamError every adapter
   * throws, so the middleware fails open on it as it does for Upstash.
   */
  private async check(key: string): Promise<boolean> {
    try {
      return (await this.binding.limit({ key })).success
    } catch (cause) {
      throw new UpstreamError(this.adapter, errorMessage(cause), undefined, true, { cause })
    }
  }
}
