/**
 * @module Vitest projects: unit (Node), services (Node + real Redis/MySQL), workers (workerd),
 * faults (the built bundles in workerd with services stopped under them, and the bench's floor)
 * and e2e (Chromium).
 */
import { defineConfig } from 'vitest/config'
import { workersProjects } from './vitest.workers.config'

export default defineConfig({
  test: {
    // The JSON report gives .ci/run its closing "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // Two test files at once. Vitest's default is one fewer than the cores: on a 2-core machine,
    // one file at a time, and the workers project then spends ~4 s starting each file's runtime
    // while the other core idles.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['domain/**/*.test.ts', 'test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'services',
          environment: 'node',
          include: ['dev/**/*.test.ts', 'test/services/**/*.test.ts'],
          globalSetup: ['test/services-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...workersProjects,
      {
        test: {
          name: 'faults',
          environment: 'node',
          include: ['test/faults/**/*.test.ts', 'test/bench/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          // One platform (wrangler dev on a free port, fresh state) per worker slot; each file
          // drives its slot's platform (test/e2e/setup.ts), so the two files side by side neither
          // share the per-IP ceiling nor see each other's store settings.
          globalSetup: ['test/e2e/setup.ts'],
          maxWorkers: 2,
          // A group of its own (vitest groupOrder), so pages never load beside the workerd test
          // isolates: a staff sign-in test timed out only while they loaded the machine.
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
