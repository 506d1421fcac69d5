/**
 * @module Global set-up of the e2e project: the platform as `npm start` runs it (migrated D1, both
 * Workers under `wrangler dev`, the demo catalog and stock), on a free port with a fresh state
 * directory and its own secrets, so the developer's .wrangler/state and .dev.vars are never used.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { requireChromium } from '#dev/prerequisites/chromium'
import { type Platform, startPlatform } from '#dev/start'

/** What the tests get through `inject('e2e')`. */
export interface E2eContext {
  url: string
  adminKey: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eContext
  }
}

const ADMIN_KEY = 'e2e-admin-key'

let platform: Platform | undefined
let dir: string | undefined

export async function setup(project: TestProject) {
  // Before the platform starts: without a browser the run stops at once with what to install.
  requireChromium()
  dir = mkdtempSync(join(tmpdir(), 'edge-commerce-e2e-'))
  const envFile = join(dir, 'secrets.env')
  writeFileSync(
    envFile,
    [
      'JWT_SECRET=e2e-jwt-secret',
      `ADMIN_API_KEY=${ADMIN_KEY}`,
      'PAYMENT_WEBHOOK_SECRET=e2e-webhook-secret',
    ].join('\n'),
  )
  platform = await startPlatform({
    port: await freePort(),
    inspectorPort: await freePort(),
    persistTo: join(dir, 'state'),
    envFile,
    seedState: join(dir, 'seed-state.json'),
    seedEnv: { ADMIN_API_KEY: ADMIN_KEY },
    // The Workers' own logs would drown the test report; failures show in the browser's state.
    stdio: process.env.E2E_VERBOSE ? 'inherit' : 'ignore',
  })
  project.provide('e2e', { url: platform.url, adminKey: ADMIN_KEY })
}

export async function teardown() {
  await platform?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
}

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}
