/**
 * @module Global set-up of the e2e project: the platform as `npm start` runs it (migrated D1, both
 * Workers under `wrangler dev`, the demo catalog and stock), on a free port with a fresh state
 * directory and its own secrets, so the developer's .wrangler/state and .dev.vars are never used.
 *
 * One platform per worker slot of the project (its `maxWorkers`): the files run side by side, and
 * each drives the platform of its slot (`./platform.ts`), so a platform serves one file at a time.
 * Every page's requests come from 127.0.0.1 and spend its platform's per-IP ceiling (600 a minute),
 * which a page, unlike the tests' own API calls, cannot wait out; and a file that changes the
 * store's settings (zones, tax) restores them only in its `afterAll`. With a platform each, files
 * side by side neither share a ceiling nor see each other's settings.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { requireChromium } from '#dev/prerequisites/chromium'
import { type Platform, startPlatform } from '#dev/start'

/** One platform as the tests reach it. */
export interface E2eContext {
  url: string
  adminKey: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The platforms, one per worker slot: slot N (VITEST_POOL_ID) drives the Nth. */
    e2e: E2eContext[]
  }
}

const ADMIN_KEY = 'e2e-admin-key'

/** Starts one platform per worker slot of `project` and returns their teardown. */
export async function setup(project: TestProject) {
  // Before the platforms start: without a browser the run stops at once with what to install.
  requireChromium()
  const count = Math.max(1, project.config.maxWorkers)
  const dir = mkdtempSync(join(tmpdir(), 'edge-commerce-e2e-'))
  const envFile = join(dir, 'secrets.env')
  writeFileSync(
    envFile,
    [
      'JWT_SECRET=e2e-jwt-secret',
      `ADMIN_API_KEY=${ADMIN_KEY}`,
      'PAYMENT_WEBHOOK_SECRET=e2e-webhook-secret',
    ].join('\n'),
  )
  const ports = await freePorts(2 * count)
  const started = await Promise.allSettled(
    Array.from({ length: count }, (_, i) =>
      startPlatform({
        port: ports[2 * i],
        inspectorPort: ports[2 * i + 1],
        persistTo: join(dir, `state-${i + 1}`),
        envFile,
        seedState: join(dir, `seed-state-${i + 1}.json`),
        seedEnv: { ADMIN_API_KEY: ADMIN_KEY },
        // The Workers' own logs would drown the test report; failures show in the browser's state.
        stdio: process.env.E2E_VERBOSE ? 'inherit' : 'ignore',
      }),
    ),
  )
  const platforms = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  const teardown = async () => {
    await Promise.all(platforms.map((p: Platform) => p.stop()))
    rmSync(dir, { recursive: true, force: true })
  }
  const failed = started.find((s) => s.status === 'rejected')
  if (failed) {
    await teardown()
    throw failed.reason
  }
  project.provide(
    'e2e',
    platforms.map((p) => ({ url: p.url, adminKey: ADMIN_KEY })),
  )
  return teardown
}

/** `n` distinct ports nothing listens on right now (all held open until every one is chosen). */
async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = []
  try {
    for (let i = 0; i < n; i++) {
      const server = createServer()
      servers.push(server)
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(0, '127.0.0.1', resolve)
      })
    }
    return servers.map((server) => {
      const address = server.address()
      if (typeof address !== 'object' || !address) throw new Error('no port')
      return address.port
    })
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
  }
}
