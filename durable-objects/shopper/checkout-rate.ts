/**
 * @module The shopper's checkout rate, counted in the shopper's own object: every checkout of a
 * shopper reaches this one object wherever it is made, so the count is exact and global (the
 * Workers rate-limit binding counts per location, approximately), and it costs no call of its
 * own. Kept in memory: an object that restarts forgets at most one window of attempts.
 */
import { AppError } from '#domain/errors'

/** The limit a Worker asks its shoppers' objects to hold: `limit` checkouts per window. */
export interface CheckoutRateLimit {
  limit: number
  windowSeconds: number
}

/** Checkouts a shopper may start in a window when the Worker's configuration sets none. */
export const CHECKOUT_RATE: CheckoutRateLimit = { limit: 10, windowSeconds: 60 }

/** A sliding-window log of one shopper's accepted checkout attempts. */
export class CheckoutRate {
  private attempts: number[] = []

  /**
   * Counts an attempt at `now`, or refuses it (`rate_limited`, with `retryAfterSeconds` until the
   * oldest attempt of the window leaves it) when `limit` were accepted in the last window. A
   * refused attempt is not counted, so a client that waits as told gets in.
   */
  take(now: number, rate: CheckoutRateLimit): void {
    const windowMs = rate.windowSeconds * 1_000
    while (this.attempts.length > 0 && (this.attempts[0] ?? 0) <= now - windowMs)
      this.attempts.shift()
    if (this.attempts.length >= rate.limit) {
      const oldest = this.attempts[0] ?? now
      throw new AppError('rate_limited', 'Too many checkouts; retry later', {
        policy: 'checkout',
        limit: rate.limit,
        windowSeconds: rate.windowSeconds,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1_000)),
      })
    }
    this.attempts.push(now)
  }
}
