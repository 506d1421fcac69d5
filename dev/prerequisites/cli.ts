/**
 * @module The test command's first step: Chromium found or installed, Redis and MySQL running;
 * then the given command runs with CHROMIUM_PATH naming the browser. Anything missing stops the
 * run before the suites with one message naming what to install.
 *
 *   tsx dev/prerequisites/cli.ts [-- command …]
 */
import { spawnSync } from 'node:child_process'
import {
  CHROMIUM_PACKAGE,
  CHROMIUM_VAR,
  findChromium,
  isExecutable,
  missingChromium,
} from './chromium'
import { aptInstall, NO_INSTALL_VAR, whyNoInstall } from './install'
import { ensureServices } from './services'

const log = (line: string) => console.log(line)

/** The browser to use, installing Debian's package where that is allowed; or what is missing. */
function ensureChromium(): { path: string } | { problem: string } {
  let path = findChromium()
  if (path && !isExecutable(path))
    return { problem: `Chromium: ${CHROMIUM_VAR}=${path} is not an executable file` }
  const why = whyNoInstall()
  if (!path && !why) {
    log(
      `tests: no Chromium found; installing Debian's package: apt-get install ${CHROMIUM_PACKAGE}`,
    )
    if (aptInstall([CHROMIUM_PACKAGE])) path = findChromium()
  }
  if (path) return { path }
  const reason = !why
    ? `apt-get install ${CHROMIUM_PACKAGE} failed`
    : why.startsWith(NO_INSTALL_VAR)
      ? why
      : `${why} (as root on Debian this command installs it)`
  return { problem: missingChromium(reason) }
}

async function main(): Promise<number> {
  const browser = ensureChromium()
  const problems = [
    ...('problem' in browser ? [browser.problem] : []),
    ...(await ensureServices(log)),
  ]
  if (problems.length > 0) {
    console.error(`npm test cannot run: it needs\n- ${problems.join('\n- ')}`)
    return 1
  }
  const path = (browser as { path: string }).path
  log(`tests: Chromium ${path}`)
  const args = process.argv.slice(2)
  const command = args[0] === '--' ? args.slice(1) : args
  if (command.length === 0) return 0
  const run = spawnSync(command[0] as string, command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, [CHROMIUM_VAR]: path },
  })
  return run.status ?? 1
}

process.exitCode = await main()
