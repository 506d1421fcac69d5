/** @module The `workers` Vitest project: api, consumer and Durable Objects inside workerd. */
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

const migrations = await readD1Migrations('./migrations/d1')

export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // TEST_SERVICES points at the dev bridges; tests build production adapters from it
        // explicitly, so the default env keeps its embedded adapters.
        bindings: {
          TEST_MIGRATIONS: migrations,
          TEST_SERVICES: inject('services'),
          // A real Meilisearch for its conformance suite, only when the environment names one.
          TEST_MEILISEARCH: {
            host: process.env.MEILISEARCH_HOST ?? '',
            apiKey: process.env.MEILISEARCH_API_KEY ?? '',
          },
          LOG_LEVEL: 'warn',
          // Counts added up in memory are written at every request here, so tests read them at
          // once; tests of the interval itself pass their own value.
          COUNT_FLUSH_SECONDS: '0',
          // Search answers are not kept, so tests see the index at once; the cache's own tests
          // pass a lifetime.
          SEARCH_CACHE_SECONDS: '0',
          // Nor kept in an isolate's memory, so tests see each layer behind it (Cache API, KV,
          // database) as it is; the memory's own tests pass a lifetime.
          MEMORY_CACHE_SECONDS: '0',
          JWT_SECRET: 'test-jwt-secret',
          ADMIN_API_KEY: 'test-admin-key',
          PAYMENT_WEBHOOK_SECRET: 'test-webhook-secret',
          // The local test payment route; wrangler.toml ships it disabled.
          DEV_PAYMENTS: 'enabled',
        },
        // A D1 database no migration ever touches: the Database port's failure cases run on it.
        d1Databases: { TEST_UNMIGRATED_DB: 'test-unmigrated' },
        ratelimits: {
          RATE_LIMITER: { namespace_id: '1001', simple: { limit: 600, period: 60 } },
          // The policies of workers/api/src/rate-limits.ts, as wrangler.toml declares them.
          RATE_LIMIT_AUTH_IP: { namespace_id: '1002', simple: { limit: 20, period: 60 } },
          RATE_LIMIT_SEARCH: { namespace_id: '1005', simple: { limit: 120, period: 60 } },
          // A small window for the Rate-limit conformance suite.
          TEST_RATE_LIMITER: { namespace_id: '9001', simple: { limit: 5, period: 60 } },
        },
      },
    })),
  ],
  test: {
    name: 'workers',
    // As in vitest.config.ts: a project in a file of its own does not inherit the root's count.
    maxWorkers: 2,
    include: [
      'workers/**/*.test.ts',
      'durable-objects/**/*.test.ts',
      'adapters/**/*.test.ts',
      'test/workers/**/*.test.ts',
    ],
    globalSetup: ['./test/workers/services-setup.ts'],
    setupFiles: ['./test/workers/apply-migrations.ts'],
  },
})
