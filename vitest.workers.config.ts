/**
 * @module The two `workers` Vitest projects: api, consumer and Durable Objects inside workerd.
 *
 * Each test runner is one workerd (a Miniflare instance) with its own storage. Starting one takes
 * about 4 s on a 2-core machine, so one per file cost the suite more time than these files' tests
 * do. The files that leave nothing behind another file could see, and read nothing another file
 * could have left, share a runner (`workers`, `isolate: false`: each of the two runners takes one
 * file after another). The files below get a runner each (`workers-isolated`) because they change
 * what is store-wide (shipping zones, tax, discounts, the dead-letter queue, mocked bindings,
 * rate-limit windows), or count what is store-wide, or drive every route (the OpenAPI fuzz pass).
 * A new file goes to the shared runners; if it fails only beside others, it belongs in this list.
 */
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

/** Files that need a runtime of their own (see the module's doc comment). */
export const ISOLATED_FILES = [
  // They write the store's settings, discounts or promotions, which every checkout reads.
  'durable-objects/store-settings/store-settings.test.ts',
  'test/workers/checkout-discounts/cart-pricing.test.ts',
  'test/workers/checkout-discounts/checkout-discounts.test.ts',
  'workers/api/src/routes/admin-discounts.test.ts',
  'workers/api/src/routes/admin-settings.test.ts',
  // They expect the store's default settings (a lean checkout, no automatic promotion).
  'test/workers/addresses/saved-addresses.test.ts',
  'test/workers/checkout-idempotency.test.ts',
  'test/workers/checkout-limits.test.ts',
  'test/workers/checkout-orders.test.ts',
  'test/workers/checkout-payments.test.ts',
  'test/workers/checkout-sessions/revocation.test.ts',
  'test/workers/guest/guest-checkout.test.ts',
  'test/workers/order-retention.test.ts',
  'test/workers/sessions/refresh-tokens.test.ts',
  'durable-objects/shopper/limits.test.ts',
  'workers/api/src/routes/dev-payments.test.ts',
  'workers/api/src/routes/inventory.test.ts',
  // They take down or mock a binding, or read the dead-letter queue and the archive whole.
  'test/workers/archive-confirmation.test.ts',
  'test/workers/archive-dlq.test.ts',
  'test/workers/checkout-concurrency.test.ts',
  'test/workers/checkout-database-down.test.ts',
  'test/workers/search-availability.test.ts',
  'test/workers/stripe-contract.test.ts',
  'durable-objects/search-index/search-index.test.ts',
  'workers/api/src/routes/health.test.ts',
  'workers/queue-consumer/src/index.test.ts',
  'workers/queue-consumer/src/jobs/order-events.test.ts',
  // They count requests against the per-IP and sign-in windows.
  'workers/api/src/middleware/rate-limit.test.ts',
  'workers/api/src/routes/login-throttle.test.ts',
  // The OpenAPI fuzz pass sends valid bodies to every route, the admin's included.
  'test/workers/openapi-fuzz-1.test.ts',
  'test/workers/openapi-fuzz-2.test.ts',
  'test/workers/openapi-fuzz-3.test.ts',
  'test/workers/openapi-fuzz-4.test.ts',
]

const migrations = await readD1Migrations('./migrations/d1')

/** One of the two projects: the same workerd set-up, its own files and isolation. */
const workersProject = (
  name: string,
  files: { include: string[]; exclude: string[] },
  isolate: boolean,
) =>
  defineConfig({
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
      name,
      isolate,
      // As in vitest.config.ts: a project in a file of its own does not inherit the root's count.
      maxWorkers: 2,
      include: files.include,
      exclude: files.exclude,
      globalSetup: ['./test/workers/services-setup.ts'],
      setupFiles: ['./test/workers/apply-migrations.ts'],
    },
  })

const ALL = [
  'workers/**/*.test.ts',
  'durable-objects/**/*.test.ts',
  'adapters/**/*.test.ts',
  'test/workers/**/*.test.ts',
]

export const workersProjects = [
  workersProject('workers', { include: ALL, exclude: ISOLATED_FILES }, false),
  workersProject('workers-isolated', { include: ISOLATED_FILES, exclude: [] }, true),
]
