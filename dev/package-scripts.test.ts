/**
 * @module The npm scripts that run a long process end by `exec`-ing it. npm runs a script through
 * `sh -c`, and Debian's dash passes a SIGTERM sent to npm (a process manager, `timeout`, CI's cancel)
 * to no one: without `exec` the shell dies and the server, the suites or the bench run on.
 * `dev/start.test.ts` and `dev/prerequisites/cli.test.ts` show the effect on `npm start` and on
 * the test runner; this keeps the rule for every such script.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as {
  scripts: Record<string, string>
}

/** Scripts that serve, test or measure for longer than a moment. */
const LONG_RUNNING = [
  'dev',
  'start',
  'start:services',
  'services',
  'dev:services',
  'test',
  'test:suites',
  'test:only',
  'test:faults',
  'test:e2e',
  ...Object.keys(scripts).filter((name) => name === 'bench' || name.startsWith('bench:')),
]

describe('npm scripts', () => {
  it.each(LONG_RUNNING)('%s execs its long-running command', (name) => {
    const script = scripts[name]
    expect(script, `no script ${name}`).toBeDefined()
    // The last command of an `a && b` chain is the long one; the steps before it finish first.
    const last = (script as string).split('&&').at(-1)?.trim()
    expect(last).toMatch(/^exec /)
  })
})
