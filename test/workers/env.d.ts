/** @module Types of the bindings the workers test project adds to the api's Env. */
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[]
    TEST_SERVICES: {
      DATABASE_URL: string
      UPSTASH_REDIS_REST_URL: string
      UPSTASH_REDIS_REST_TOKEN: string
    }
    TEST_RATE_LIMITER: RateLimit
    TEST_UNMIGRATED_DB: D1Database
  }
}
