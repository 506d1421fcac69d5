/**
 * @module `npm run deploy` runs this first: it refuses to deploy a Worker configuration that
 * switches on the free test payment route (DEV_PAYMENTS = "enabled") in any of its [vars] or
 * environments, so a local setting cannot reach production by accident.
 */
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

/** The value that switches the test payment route on; the Worker accepts exactly this. */
const ENABLED = 'enabled'

/**
 * Why `toml` (a wrangler.toml's text) must not be deployed, or an empty list. It looks at every
 * assignment of DEV_PAYMENTS, in any table or inline table, quoted with either quote, so no
 * environment section can enable it unnoticed. Comments are ignored.
 */
export function deployProblems(toml: string): string[] {
  const problems: string[] = []
  toml.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '')
    for (const m of line.matchAll(/["']?DEV_PAYMENTS["']?\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/g)) {
      const value = (m[1] ?? m[2] ?? m[3] ?? '').trim()
      if (value.toLowerCase() === ENABLED)
        problems.push(
          `line ${i + 1}: DEV_PAYMENTS = "${value}" enables the free test payment route`,
        )
    }
  })
  return problems
}

function main(files: string[]) {
  let failed = false
  for (const file of files) {
    for (const problem of deployProblems(readFileSync(file, 'utf8'))) {
      console.error(`${file} ${problem}; set it to "disabled" before deploying.`)
      failed = true
    }
  }
  if (failed) process.exit(1)
  console.log(`Deploy check: the test payment route is off in ${files.join(', ')}.`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2))
