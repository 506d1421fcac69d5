/**
 * @module Failed sign-ins are throttled per email and client, so guessing slows down while the
 * owner still signs in from their own client; only a far higher per-email ceiling is shared.
 */
import { env } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LOGIN_THROTTLE, LoginThrottle } from '#domain/auth/login-throttle'
import { DurableObjectCounters } from '#objects/counters/adapter'
import { call, errorCode, signUp } from '#test/workers/accounts'

const ip = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`
const login = (email: string, password: string, from: string, bindings: object = {}) =>
  call(
    '/v1/auth/login',
    {
      method: 'POST',
      headers: from ? { 'cf-connecting-ip': from } : {},
      json: { email, password },
    },
    bindings,
  )

// Buckets are UTC minutes and hours: each test starts a second into a fresh hour.
function atHourStart() {
  const hour = Math.floor(Date.now() / 3_600_000) + 1
  vi.useFakeTimers({ toFake: ['Date'], now: hour * 3_600_000 + 1_000 })
}

afterEach(() => {
  vi.useRealTimers()
})

describe('sign-in throttling', () => {
  it('throttles a guesser after 5 failures a minute, even with the right password next', async () => {
    atHourStart()
    const owner = await signUp()
    const stranger = ip()
    for (let i = 0; i < LOGIN_THROTTLE.clientPerMinute; i++) {
      const res = await login(owner.email, `guess-${i}`, stranger)
      expect([i, res.status]).toEqual([i, 401])
    }
    const refused = await login(owner.email, owner.password, stranger)
    expect([refused.status, await errorCode(refused)]).toEqual([429, 'rate_limited'])
    expect(Number(refused.headers.get('retry-after'))).toBe(59)
    // The owner, from their own client, is not affected.
    expect((await login(owner.email, owner.password, ip())).status).toBe(200)
  }, 30_000)

  it('lets the owner in while strangers rotate addresses, and counts only failures', async () => {
    atHourStart()
    const owner = await signUp()
    const mine = ip()
    for (let i = 0; i < 3 * LOGIN_THROTTLE.clientPerMinute; i++)
      expect((await login(owner.email, `guess-${i}`, ip())).status).toBe(401)
    // Successes count for nothing: more sign-ins than any failure threshold, all let in.
    for (let i = 0; i < LOGIN_THROTTLE.clientPerMinute + 2; i++)
      expect((await login(owner.email, owner.password, mine)).status).toBe(200)
  }, 60_000)

  it('pauses a persistent guesser for the rest of the hour after 20 failures', async () => {
    atHourStart()
    const owner = await signUp()
    // No edge IP: the per-IP attempt limit (20 a minute, on real time) stays out of the way, and
    // the throttle counts the stand-in client every such caller shares.
    const stranger = ''
    for (let i = 0; i < LOGIN_THROTTLE.clientPerHour; i++) {
      if (i > 0 && i % LOGIN_THROTTLE.clientPerMinute === 0) vi.setSystemTime(Date.now() + 60_000) // the next minute's window
      expect((await login(owner.email, `guess-${i}`, stranger)).status).toBe(401)
    }
    vi.setSystemTime(Date.now() + 60_000)
    const refused = await login(owner.email, owner.password, stranger)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3_000)
    expect((await login(owner.email, owner.password, ip())).status).toBe(200)
  }, 60_000)

  it('stops everyone at the far higher per-email ceiling', async () => {
    atHourStart()
    const owner = await signUp()
    const throttle = new LoginThrottle(new DurableObjectCounters(env.COUNTERS))
    // Failures from as many clients as the ceiling, recorded straight into the counters.
    await Promise.all(
      Array.from({ length: LOGIN_THROTTLE.emailPerHour }, (_, i) =>
        throttle.recordFailure(owner.email, `192.0.2.${i}`),
      ),
    )
    const refused = await login(owner.email, owner.password, ip())
    expect(refused.status).toBe(429)
    expect(((await refused.json()) as { error: { details: object } }).error.details).toMatchObject({
      scope: 'email',
    })
  }, 60_000)

  it('fails open when the counters store does not answer', async () => {
    const owner = await signUp()
    const down = { UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9', UPSTASH_REDIS_REST_TOKEN: 'x' }
    expect((await login(owner.email, 'wrong one', ip(), down)).status).toBe(401)
    expect((await login(owner.email, owner.password, ip(), down)).status).toBe(200)
  }, 30_000)
})
