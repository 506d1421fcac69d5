/**
 * @module Tests of the rate-limit policies through the real pipeline: the Workers bindings in
 * workerd, and Upstash through the dev bridge to the real local Redis.
 */
import { env } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { call, errorCode, uniqueEmail } from '#test/workers/accounts'
import { createApp } from '../app'
import { RATE_LIMIT_POLICIES } from '../rate-limits'

const ip = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`
const upstash = {
  UPSTASH_REDIS_REST_URL: env.TEST_SERVICES.UPSTASH_REDIS_REST_URL,
  UPSTASH_REDIS_REST_TOKEN: env.TEST_SERVICES.UPSTASH_REDIS_REST_TOKEN,
}
const login = (email: string, from: string, bindings: object = {}) =>
  call(
    '/v1/auth/login',
    { method: 'POST', headers: { 'cf-connecting-ip': from }, json: { email, password: 'wrong-1' } },
    bindings,
  )

// The binding counts in fixed windows aligned to the minute: a test that straddles the boundary
// would see its count reset half-way, so it starts in a fresh window when too close to the end.
async function awayFromWindowEdge(seconds: number) {
  const left = 60_000 - (Date.now() % 60_000)
  if (left < seconds * 1000) await new Promise((r) => setTimeout(r, left + 50))
}

/** An app with the real pipeline and stand-ins for the routes the policies name. */
function appWithPolicedRoutes() {
  const app = createApp()
  app.get('/v1/health', (c) => c.text('ok'))
  app.get('/v1/search', (c) => c.text('hits'))
  return app
}

afterEach(() => {
  vi.useRealTimers()
})

describe('login limits on the Workers binding', () => {
  it('refuses the 21st attempt from one IP across emails, and no other IP', async () => {
    await awayFromWindowEdge(10)
    const from = ip()
    const { limit } = RATE_LIMIT_POLICIES.authIp
    for (let i = 0; i < limit; i++) expect((await login(uniqueEmail(), from)).status).toBe(401)
    const refused = await login(uniqueEmail(), from)
    expect(refused.status).toBe(429)
    expect(((await refused.json()) as { error: { details: unknown } }).error.details).toEqual({
      policy: 'authIp',
      retryAfterSeconds: Number(refused.headers.get('retry-after')),
    })
    expect((await login(uniqueEmail(), ip())).status).toBe(401)
  }, 20_000)
})

describe('login limits on Upstash', () => {
  it('trips at the threshold and recovers once the window has passed', async () => {
    // Only Date is faked: @upstash/ratelimit computes its windows from Date.now() and sends that
    // time to the script that counts in the real Redis, so the window passes without a 60 s wait.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
    const from = ip()
    const { limit } = RATE_LIMIT_POLICIES.authIp
    const remaining = []
    for (let i = 0; i < limit; i++) {
      const res = await login(uniqueEmail(), from, upstash)
      expect(res.status).toBe(401)
      remaining.push(res.headers.get('ratelimit-remaining'))
    }
    expect(remaining).toEqual(Array.from({ length: limit }, (_, i) => String(limit - 1 - i)))
    const refused = await login(uniqueEmail(), from, upstash)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    // A sliding window still weighs the previous window's hits: recovery is complete after two.
    vi.setSystemTime(Date.now() + 2 * RATE_LIMIT_POLICIES.authIp.windowSeconds * 1000)
    const recovered = await login(uniqueEmail(), from, upstash)
    expect(recovered.status).toBe(401)
    expect(recovered.headers.get('ratelimit-remaining')).toBe(String(limit - 1))
  }, 30_000)
})

describe('route policies', () => {
  it('limits searches per IP and leaves callers without an edge IP alone', async () => {
    await awayFromWindowEdge(10)
    const app = appWithPolicedRoutes()
    const from = ip()
    const search = (headers: Record<string, string> = { 'cf-connecting-ip': from }) =>
      app.request('/v1/search?q=x', { headers }, env)
    const statuses = []
    for (let i = 0; i <= RATE_LIMIT_POLICIES.search.limit; i++)
      statuses.push((await search()).status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(RATE_LIMIT_POLICIES.search.limit)
    expect(statuses.at(-1)).toBe(429)
    for (let i = 0; i < 5; i++) expect((await search({})).status).toBe(200)
  }, 20_000)

  it('puts an overall ceiling on each IP across every route', async () => {
    await awayFromWindowEdge(15)
    const app = appWithPolicedRoutes()
    const from = ip()
    const { limit } = RATE_LIMIT_POLICIES.global
    let ok = 0
    for (let i = 0; i < limit; i++) {
      const res = await app.request('/v1/health', { headers: { 'cf-connecting-ip': from } }, env)
      if (res.status === 200) ok++
    }
    expect(ok).toBe(limit)
    const refused = await app.request('/v1/search', { headers: { 'cf-connecting-ip': from } }, env)
    expect(refused.status).toBe(429)
    expect(await errorCode(refused)).toBe('rate_limited')
  }, 30_000)
})

describe('a failing rate-limit store', () => {
  it('lets requests through and logs the failure', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const app = appWithPolicedRoutes()
    // Nothing listens on port 9: the real client gets a refused connection.
    const down = {
      ...env,
      UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9',
      UPSTASH_REDIS_REST_TOKEN: 't',
    }
    const res = await app.request('/v1/search', { headers: { 'cf-connecting-ip': ip() } }, down)
    expect(res.status).toBe(200)
    const lines = warn.mock.calls.map(([line]) => JSON.parse(String(line)))
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'rate limit store failed; request allowed',
        policy: 'search',
      }),
    )
    expect(lines).toContainEqual(expect.objectContaining({ policy: 'global', adapter: 'upstash' }))
    warn.mockRestore()
  }, 20_000)
})
