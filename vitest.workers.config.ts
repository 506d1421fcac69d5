/** @module The `workers` Vitest project: api, consumer and Durable Objects inside workerd. */
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

export default defineConfig(async () => {
  const migrations = await readD1Migrations('./migrations/d1')
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: { TEST_MIGRATIONS: migrations, LOG_LEVEL: 'warn' },
        },
      }),
    ],
    test: {
      name: 'workers',
      include: [
        'workers/**/*.test.ts',
        'durable-objects/**/*.test.ts',
        'adapters/**/*.test.ts',
        'test/workers/**/*.test.ts',
      ],
      setupFiles: ['./test/workers/apply-migrations.ts'],
    },
  }
})
