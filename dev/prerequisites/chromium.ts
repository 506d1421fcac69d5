/** @module Finds a Chromium or Chrome executable for the browser tests, without installing anything. */
import { accessSync, constants, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, join } from 'node:path'

/** The variable that names a browser explicitly; the test command also passes the found one in it. */
export const CHROMIUM_VAR = 'CHROMIUM_PATH'

/** What to install when none is found: Debian's package, which puts it at /usr/bin/chromium. */
export const CHROMIUM_PACKAGE = 'chromium'

/** Absolute places where distributions and vendors put the browser, most likely first. */
const PLACES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
]

/** Names looked up on PATH when none of the usual places has one. */
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome']

/**
 * The executable to use: the one CHROMIUM_PATH names (even when it is not there, so a wrong value
 * is reported rather than silently replaced), else the first of the usual places, PATH, and a
 * browser Playwright downloaded into its cache. Undefined when there is none. `places` replaces
 * the usual places (tests look only in a directory of their own).
 */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  places: readonly string[] = PLACES,
): string | undefined {
  const named = env[CHROMIUM_VAR]
  if (named) return named
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => NAMES.map((name) => join(dir, name)))
  return [...places, ...onPath, ...playwrightCache(env)].find(isExecutable)
}

/**
 * The one message for a missing browser, naming exactly what to install; `why` says why the test
 * command did not install it itself.
 */
export function missingChromium(why?: string): string {
  return (
    `Chromium (for the browser tests): install Debian's package as root with ` +
    `"apt-get install ${CHROMIUM_PACKAGE}", or set ${CHROMIUM_VAR} to a Chromium or Chrome ` +
    `executable.${why ? ` Not installed automatically: ${why}.` : ''}`
  )
}

/** The browser for the e2e tests, or an error with the one message (nothing is installed here). */
export function requireChromium(
  env: NodeJS.ProcessEnv = process.env,
  places: readonly string[] = PLACES,
): string {
  const path = findChromium(env, places)
  if (!path) throw new Error(missingChromium('`npm test` installs it as root on Debian'))
  if (!isExecutable(path)) throw new Error(`${CHROMIUM_VAR}=${path} is not an executable file`)
  return path
}

/** Whether `path` is a file this process may execute. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Browsers `npx playwright install chromium` left in its cache, newest revision first. */
function playwrightCache(env: NodeJS.ProcessEnv): string[] {
  const cache = env.PLAYWRIGHT_BROWSERS_PATH ?? join(env.HOME ?? homedir(), '.cache/ms-playwright')
  try {
    return readdirSync(cache)
      .filter((d) => /^chromium-\d+$/.test(d))
      .sort((a, b) => Number(b.slice(9)) - Number(a.slice(9)))
      .flatMap((d) => [
        join(cache, d, 'chrome-linux64/chrome'),
        join(cache, d, 'chrome-linux/chrome'),
      ])
  } catch {
    return []
  }
}
