/**
 * @module The test command's first step: Chromium found or installed, Redis and MySQL running;
 * then the given command runs with CHROMIUM_PATH naming the browser. Anything missing stops the
 * run before the suites with one message naming what to install.
 *
 *   tsx dev/prerequisites/cli.ts [-- command …]
 *
 * The command runs in a process group of its own, and a SIGTERM, SIGINT or SIGHUP to this process
 * goes to that whole group: the suites' runner, its workers and the workerd processes under them
 * stop with it, as they do when Ctrl-C reaches them from a terminal.
 */
import { spawn } from 'node:child_process'
import { constants } from 'node:os'
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
  return run(command, { ...process.env, [CHROMIUM_VAR]: path })
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/**
 * Runs the command in a process group of its own and sends it the signals this process gets; its
 * exit code, or 128 + the signal's number when a signal ended it, as a shell reports it.
 */
function run(command: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(command[0] as string, command.slice(1), {
    stdio: 'inherit',
    env,
    detached: true,
  })
  const forward = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal)
    } catch {
      // The group has ended already.
    }
  }
  for (const signal of FORWARDED) process.on(signal, forward)
  return new Promise((resolve) => {
    child.once('error', (error) => {
      console.error(`tests: cannot run ${command[0]}: ${error.message}`)
      resolve(127)
    })
    child.once('exit', (code, signal) =>
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)),
    )
  })
}

process.exitCode = await main()
