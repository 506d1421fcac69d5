/**
 * @module The platform this test file drives: of the platforms the e2e set-up started, the one of
 * this file's worker slot (`VITEST_POOL_ID`, 1 to the project's `maxWorkers`). Files running at the
 * same time hold different slots, so each platform serves one file at a time.
 */
import { inject } from 'vitest'
import type { E2eContext } from './setup'

function platformOfThisSlot(): E2eContext {
  const platforms = inject('e2e')
  const slot = Number(process.env.VITEST_POOL_ID ?? '1')
  const platform = platforms[slot - 1]
  if (!platform)
    throw new Error(`e2e: no platform for worker slot ${slot} (${platforms.length} started)`)
  return platform
}

export const { url, adminKey } = platformOfThisSlot()
