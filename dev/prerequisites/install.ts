/** @module Installs Debian packages for the tests, only where that is safe: root, apt-get, not forbidden. */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** Set to 1 to forbid the test command from installing anything (it then only says what to install). */
export const NO_INSTALL_VAR = 'TEST_NO_INSTALL'

/**
 * Why packages cannot be installed here, or undefined when they can: the test command installs
 * only as root on Debian (or a derivative) with apt-get on PATH, as CI machines run it.
 */
export function whyNoInstall(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env[NO_INSTALL_VAR] === '1') return `${NO_INSTALL_VAR}=1 forbids installing`
  if (process.getuid?.() !== 0) return 'not running as root'
  if (!existsSync('/etc/debian_version')) return 'not a Debian system'
  if (spawnSync('sh', ['-c', 'command -v apt-get'], { env }).status !== 0)
    return 'apt-get is not on PATH'
  return undefined
}

/**
 * Runs `apt-get update` then `apt-get install -y` of `packages`, showing apt's output (a
 * newcomer waiting minutes should see why). Returns whether apt-get succeeded.
 */
export function aptInstall(packages: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' }
  const run = (args: string[]) =>
    spawnSync('apt-get', args, { env: aptEnv, stdio: ['ignore', 'inherit', 'inherit'] }).status ===
    0
  return run(['update', '-qq']) && run(['install', '-y', '-qq', ...packages])
}
