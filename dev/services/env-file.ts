/**
 * @module The secrets file `npm run start:services` gives wrangler: the developer's own
 * `.dev.vars` (the api's JWT, admin and webhook secrets, DEV_PAYMENTS, anything else set there)
 * with the bridges' secrets in place of any line that sets the same name. wrangler reads only the
 * `--env-file` it is given, so the bridges' secrets alone would leave the api without its own.
 */

/** The name a dotenv line sets (`NAME=value`, `export NAME=value`), or null for others. */
function nameOf(line: string): string | null {
  const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)
  return match ? (match[1] as string) : null
}

/** `devVars` without the lines that set a name of `secrets`, then one line per secret. */
export function servicesEnvFile(
  devVars: string,
  secrets: Readonly<Record<string, string>>,
): string {
  const kept = devVars
    .split('\n')
    .filter((line) => {
      const name = nameOf(line)
      return name === null || !(name in secrets)
    })
    .join('\n')
    .trimEnd()
  const added = Object.entries(secrets).map(([k, v]) => `${k}=${v}`)
  return `${kept ? `${kept}\n\n# The dev bridges (npm run services)\n` : ''}${added.join('\n')}\n`
}
