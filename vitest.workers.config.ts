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
          LOG_LEVEL: 'warn',
          JWT_SECRET: 'test-jwt-secret',
          ADMIN_API_KEY: 'test-admin-key',
          PAYMENT_WEBHOOK_SECRET: 'test-webhook-secret',
        },
        ratelimits: {
          RATE_LIMITER: { namespace_id: '1001', simple: { limit: 600, period: 60 } },
          // A small window for the Rate-limit conformance suite.
          TEST_RATE_LIMITER: { namespace_id: '9001', simple: { limit: 5, period: 60 } },
        },
      },
    })),
  ],
  test: {
    name: 'workers',
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
