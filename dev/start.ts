/**
 * @module `npm start` (and `npm run start:services` with `--services`): migrates the local D1,
 * runs both Workers with `wrangler dev`, waits for /v1/health, then seeds the demo catalog and its
 * stock through the admin API (idempotent) and leaves the Workers running in the foreground.
 * `startPlatform` does the same for the browser tests, on another port and a fresh state directory.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** How to start the platform; the defaults are `npm start`'s. */
export interface PlatformOptions {
  /** Port of the api Worker (8787). */
  port?: number
  /** Local state (D1, KV, Durable Objects, queues) directory; wrangler's .wrangler/state when absent. */
  persistTo?: string
  /** Secrets file given to wrangler instead of .dev.vars (created from .dev.vars.example when absent). */
  envFile?: string
  /** Port of the Workers' devtools inspector; wrangler picks one when absent. */
  inspectorPort?: number
  /** Production adapters through the dev bridges (`npm run start:services`); port 8787 only. */
  services?: boolean
  /** Demo products to seed (24) and units of stock each of their SKUs is topped up to (20). */
  products?: number
  stock?: number
  /** Where the seeder keeps its resume point (.wrangler/seed-state.json). */
  seedState?: string
  /** Extra environment of the seeder, e.g. the ADMIN_API_KEY of `envFile`. */
  seedEnv?: Record<string, string>
  /**
   * Where the children's output goes: this terminal (`inherit`), nowhere (`ignore`) or appended
   * to a log file (`{ logFile }`, what `npm start` does unless --verbose).
   */
  stdio?: 'inherit' | 'ignore' | { logFile: string }
}

/** A running platform: its base URL, and a way to stop every process it started. */
export interface Platform {
  url: string
  /** Settles with the exit code when the Workers stop, whoever stopped them. */
  exited: Promise<number | null>
  stop(): Promise<void>
}

const DEFAULT_PORT = 8787

/** Migrates, starts both Workers, waits for them, seeds the demo catalog and stock. */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const port = options.port ?? DEFAULT_PORT
  const stdio = childStdio(options.stdio ?? 'inherit')
  const persist = options.persistTo ? ['--persist-to', options.persistTo] : []
  if (options.services && (port !== DEFAULT_PORT || options.persistTo))
    throw new Error('--services runs on port 8787 with the default state only')

  await run('npm', ['run', '-s', 'db:migrate:d1:local', '--', ...persist], { stdio })
  if (!options.envFile && !options.services) await import('./ensure-dev-vars')
  const seedState =
    options.seedState ?? (options.services ? '.wrangler/seed-state.services.json' : undefined)
  const dev = options.services
    ? // In the foreground's process group: the bridges' script stops wrangler itself.
      spawn('npm', ['run', '-s', 'dev:services'], { stdio })
    : spawn(
        'npm',
        [
          'exec',
          '--',
          'wrangler',
          'dev',
          ...['-c', 'wrangler.toml', '-c', 'workers/queue-consumer/wrangler.toml'],
          ...['--port', String(port), '--ip', '127.0.0.1', '--show-interactive-dev-session=false'],
          ...persist,
          // Local mode: the test payment page works (wrangler.toml ships it disabled).
          ...['--var', 'DEV_PAYMENTS:enabled'],
          ...(options.envFile ? ['--env-file', options.envFile] : []),
          ...(options.inspectorPort ? ['--inspector-port', String(options.inspectorPort)] : []),
        ],
        // Its own process group, so stop() reaches wrangler and workerd under npm too.
        { stdio, detached: true },
      )
  const exited = new Promise<number | null>((r) => dev.once('exit', r))
  const stop = () => stopChild(dev, !options.services)
  // A platform in a process group of its own would outlive this process: when this process exits
  // without stopping it (Vitest ended by a SIGTERM, an uncaught error), it ends the group first.
  const endGroup = () => {
    try {
      if (dev.pid && dev.exitCode === null && dev.signalCode === null)
        process.kill(-dev.pid, 'SIGTERM')
    } catch {
      // Gone already.
    }
  }
  if (!options.services) {
    process.once('exit', endGroup)
    void exited.then(() => process.off('exit', endGroup))
  }
  try {
    await waitForHealth(dev, port)
    await run(
      'npm',
      [
        ...['run', '-s', 'seed', '--', '--products', String(options.products ?? 24)],
        ...['--stock', String(options.stock ?? 20), '--quiet', '--url', `http://127.0.0.1:${port}`],
        // Services mode keeps its catalog in MySQL, not in the local state: a record of its own.
        ...(seedState ? ['--state', seedState] : []),
      ],
      // The seeder's summary (what was created, how much stock) is for the person starting it.
      {
        stdio: options.stdio === 'ignore' ? 'ignore' : ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, ...options.seedEnv },
      },
    )
  } catch (err) {
    await stop()
    throw err
  }
  return { url: `http://127.0.0.1:${port}`, exited, stop }
}

/** The children's stdio for an output choice; a log file is opened once and shared. */
function childStdio(choice: NonNullable<PlatformOptions['stdio']>): SpawnOptions['stdio'] {
  if (typeof choice === 'string') return choice
  mkdirSync(dirname(choice.logFile), { recursive: true })
  const fd = openSync(choice.logFile, 'a')
  // The children hold their own copies of the descriptor; this process needs none.
  process.once('exit', () => closeSync(fd))
  return ['ignore', fd, fd]
}

async function waitForHealth(child: ChildProcess, port: number) {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline && child.exitCode === null) {
    const ok = await fetch(`http://127.0.0.1:${port}/v1/health`).then(
      (r) => r.status < 500 || r.status === 503,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`The Workers did not answer on port ${port} within 60 s`)
}

/** Ends the child (with its process group when it leads one) and waits for it to go. */
async function stopChild(child: ChildProcess, group: boolean) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return
  const exited = new Promise((r) => child.once('exit', r))
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (group) process.kill(-(child.pid as number), sig)
      else child.kill(sig)
    } catch {
      // Gone already.
    }
  }
  signal('SIGTERM')
  const timer = setTimeout(() => signal('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

function run(command: string, args: string[], options: SpawnOptions) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, options)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`)),
    )
  })
}

/** The value after `flag` on the command line (`--port 8790`), or undefined. */
function flagValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag)
  return i === -1 ? undefined : process.argv[i + 1]
}

// Run as a script (`npm start`): start in the foreground until Ctrl-C or SIGTERM, which stop the
// Workers too. The Workers' request log, wrangler's banners and warnings go to LOG_FILE; --verbose
// (or VERBOSE=1) shows them here. `--port N` and `--persist-to DIR` run a second platform beside
// the first, with its own state (and its own seeding record inside it).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const verbose = process.argv.includes('--verbose') || Boolean(process.env.VERBOSE)
  const port = Number(flagValue('--port') ?? DEFAULT_PORT)
  const persistTo = flagValue('--persist-to')
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    console.error(`--port must be a port number, not ${flagValue('--port')}`)
    process.exit(2)
  }
  const logFile = resolve(persistTo ?? '.wrangler', 'dev.log')
  console.log(
    verbose
      ? 'Starting both Workers (verbose: their logs follow)…'
      : `Starting both Workers… (their logs go to ${logFile}; npm start -- --verbose shows them here)`,
  )
  const platform = await startPlatform({
    port,
    ...(persistTo
      ? { persistTo: resolve(persistTo), seedState: resolve(persistTo, 'seed-state.json') }
      : {}),
    services: process.argv.includes('--services'),
    products: Number(process.env.DEMO_PRODUCTS ?? 24),
    stock: Number(process.env.DEMO_STOCK ?? 20),
    stdio: verbose ? 'inherit' : { logFile },
  }).catch((err: unknown) => {
    console.error(`\n${err instanceof Error ? err.message : String(err)}`)
    if (!verbose) console.error(`The Workers' log is in ${logFile}.`)
    process.exit(1)
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => void platform.stop().then(() => process.exit(0)))
  void platform.exited.then((code) => {
    if (code && !verbose) console.error(`The Workers stopped (exit ${code}); see ${logFile}.`)
    process.exit(code ?? 0)
  })
  console.log(
    [
      '',
      `Ready: http://localhost:${port}/  (the storefront)`,
      `  admin   http://localhost:${port}/admin/   key: ${adminKey()}`,
      `  ops     http://localhost:${port}/ops/`,
      `  API     http://localhost:${port}/docs`,
      'Ctrl-C stops both Workers.',
      '',
    ].join('\n'),
  )
}

/** The ADMIN_API_KEY the Workers run with (.dev.vars), to paste into /admin/ and /ops/. */
function adminKey(): string {
  const line = existsSync('.dev.vars')
    ? readFileSync('.dev.vars', 'utf8')
        .split('\n')
        .find((l) => l.startsWith('ADMIN_API_KEY='))
    : undefined
  return line ? line.slice('ADMIN_API_KEY='.length).trim() : '(ADMIN_API_KEY in .dev.vars)'
}
