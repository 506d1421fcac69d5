/**
 * @module Sign-in throttling that counts failed passwords, not attempts, so a stranger cannot
 * lock an owner out: failures are counted per email and client (the caller's IP), and only a far
 * higher ceiling applies to an email across all clients. Counts live in the Counters port under
 * UTC minute and hour buckets; a bucket's count blocks the pair until the bucket ends, so the
 * pause grows with persistence (a minute after 5 failures, the rest of the hour after 20).
 */
import { AppError } from '../errors'
import type { CountersPort } from '../ports/counters'

/** The thresholds: failures within one UTC minute or hour that block until it ends. */
export const LOGIN_THROTTLE = {
  /** Failures of one email from one client within a minute. */
  clientPerMinute: 5,
  /** Failures of one email from one client within an hour. */
  clientPerHour: 20,
  /** Failures of one email from every client together within an hour: the far higher ceiling. */
  emailPerHour: 200,
} as const

const MINUTE = 60_000
const HOUR = 3_600_000

interface Bucket {
  key: string
  limit: number
  /** When the bucket ends (Unix ms): the block lasts until then. */
  endsAt: number
}

async function digest(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(bytes)]
    .slice(0, 16)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
}

/** The buckets one sign-in is counted in. Emails and IPs are hashed: keys carry no address. */
async function bucketsOf(email: string, client: string, now: number): Promise<Bucket[]> {
  const [pair, mailbox] = await Promise.all([digest(`${email}\n${client}`), digest(email)])
  const minute = Math.floor(now / MINUTE)
  const hour = Math.floor(now / HOUR)
  return [
    {
      key: `login-fail:c:${pair}:m${minute}`,
      limit: LOGIN_THROTTLE.clientPerMinute,
      endsAt: (minute + 1) * MINUTE,
    },
    {
      key: `login-fail:c:${pair}:h${hour}`,
      limit: LOGIN_THROTTLE.clientPerHour,
      endsAt: (hour + 1) * HOUR,
    },
    {
      key: `login-fail:e:${mailbox}:h${hour}`,
      limit: LOGIN_THROTTLE.emailPerHour,
      endsAt: (hour + 1) * HOUR,
    },
  ]
}

/** Sign-in throttling over a counters store; `client` is the caller's IP (or a stand-in). */
export class LoginThrottle {
  constructor(private readonly counters: Pick<CountersPort, 'getMany' | 'incrBy'>) {}

  /**
   * Throws 429 `rate_limited` (details: `retryAfterSeconds`, `scope`) when this email and client
   * may not try a password now. Run before the password is checked, so a blocked guesser learns
   * nothing even with the right password. Store errors propagate: the caller decides to fail open.
   */
  async assertAllowed(email: string, client: string, now = Date.now()): Promise<void> {
    const buckets = await bucketsOf(email, client, now)
    const counts = await this.counters.getMany(buckets.map((b) => b.key))
    const over = buckets.filter((b, i) => (counts[i] ?? 0) >= b.limit)
    if (over.length === 0) return
    const endsAt = Math.max(...over.map((b) => b.endsAt))
    const retryAfterSeconds = Math.max(1, Math.ceil((endsAt - now) / 1000))
    const scope = over.some((b) => b.key.startsWith('login-fail:e:')) ? 'email' : 'client'
    throw new AppError('rate_limited', 'Too many failed sign-ins; retry later', {
      scope,
      retryAfterSeconds,
    })
  }

  /** Counts one failed password of this email from this client in each of its buckets. */
  async recordFailure(email: string, client: string, now = Date.now()): Promise<void> {
    const buckets = await bucketsOf(email, client, now)
    await Promise.all(buckets.map((b) => this.counters.incrBy(b.key, 1)))
  }
}
