/**
 * @module `npm start` (and `npm run start:services` with `--services`): migrates the local D1,
 * runs both Workers with `wrangler dev`, waits for /v1/health, then seeds the demo catalog
 * through the admin API (idempotent) and leaves the Workers running in the foreground.
 */
import { type ChildProcess, spawn } from 'node:child_process'

const PORT = 8787
const services = process.argv.includes('--services')

await run('npm', ['run', '-s', 'db:migrate:d1:local'])
const dev = spawn('npm', ['run', '-s', services ? 'dev:services' : 'dev'], { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => dev.kill(signal))
dev.on('exit', (code) => process.exit(code ?? 0))

await waitForHealth(dev)
await run('npm', [
  'run',
  '-s',
  'seed',
  '--',
  '--products',
  process.env.DEMO_PRODUCTS ?? '24',
  '--quiet',
])
console.log(`\nReady: http://localhost:${PORT}/v1/health  (Ctrl-C stops both Workers)\n`)

async function waitForHealth(child: ChildProcess) {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline && child.exitCode === null) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/v1/health`).then(
      (r) => r.status < 500 || r.status === 503,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`The Workers did not answer on port ${PORT} within 60 s`)
}

function run(command: string, args: string[]) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' })
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`)),
    )
  })
}
