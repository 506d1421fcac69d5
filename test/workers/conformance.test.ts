/**
 * @module Every port's conformance suite against each of its adapters, inside workerd: the
 * embedded ones on workerd's own primitives, the production ones through the dev bridges to the
 * real local Redis and MySQL.
 */
import { env } from 'cloudflare:test'
import { D1DatabaseAdapter } from '../../adapters/d1/database'
import { PlanetScaleDatabaseAdapter } from '../../adapters/planetscale/database'
import { createRedis } from '../../adapters/upstash/client'
import { UpstashCounters } from '../../adapters/upstash/counters'
import { UpstashRateLimit } from '../../adapters/upstash/rate-limit'
import { WorkersRateLimit } from '../../adapters/workers-rate-limit/rate-limit'
import { DurableObjectCounters } from '../../durable-objects/counters/adapter'
import { describeCountersConformance } from '../conformance/counters'
import { describeDatabaseConformance } from '../conformance/database'
import { describeRateLimitConformance } from '../conformance/rate-limit'

// Redis outlives test runs: every key of this run carries its own prefix.
const run = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
const key = (k: string) => `${run}:${k}`
const redis = () =>
  createRedis({
    url: env.TEST_SERVICES.UPSTASH_REDIS_REST_URL,
    token: env.TEST_SERVICES.UPSTASH_REDIS_REST_TOKEN,
  })

describeDatabaseConformance('d1', () => new D1DatabaseAdapter(env.DB), key)
describeDatabaseConformance(
  'planetscale',
  () => new PlanetScaleDatabaseAdapter(env.TEST_SERVICES.DATABASE_URL),
  key,
)

describeCountersConformance('durable-object', () => new DurableObjectCounters(env.COUNTERS), key)
describeCountersConformance('upstash', () => new UpstashCounters(redis(), 'test:'), key)

describeRateLimitConformance(
  'workers-ratelimit',
  () => new WorkersRateLimit(env.TEST_RATE_LIMITER, { limit: 5, windowSeconds: 60 }),
  5,
  key,
)
describeRateLimitConformance(
  'upstash',
  () => new UpstashRateLimit(redis(), { name: 'test', limit: 5, windowSeconds: 60 }),
  5,
  key,
)
