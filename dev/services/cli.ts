/**
 * @module `npm run services`: checks Redis and MySQL, starts both bridges on 8079 and 8080 and
 * prints the secrets that point the Workers at them. `--dev` also runs both Workers with them.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { servicesEnvFile } from './env-file'
import { startServices } from './start'

const services = await startServices({
  database: process.env.MYSQL_DATABASE || 'commerce',
  fresh: process.argv.includes('--fresh'),
  upstashPort: portFromEnv('UPSTASH_BRIDGE_PORT', 8079),
  planetscalePort: portFromEnv('PLANETSCALE_BRIDGE_PORT', 8080),
}).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
const lines = Object.entries(services.secrets).map(([k, v]) => `${k}=${v}`)
console.log(`Bridges running (dev only; never deploy them):\n${lines.join('\n')}`)
// One machine-readable line for the test suite's global setup, which runs this same script.
console.log(`SERVICES_JSON ${JSON.stringify(services.secrets)}`)

let worker: ReturnType<typeof spawn> | undefined
if (process.argv.includes('--dev')) {
  // The secrets go to wrangler through an env file, so .dev.vars stays the developer's own: its
  // lines (the api's own secrets) with the bridges' in place of the same names.
  await import('../ensure-dev-vars')
  mkdirSync('.wrangler', { recursive: true })
  writeFileSync(
    '.wrangler/services.env',
    servicesEnvFile(readFileSync('.dev.vars', 'utf8'), services.secrets),
  )
  // wrangler dev loads only the names in wrangler.toml's `secrets.required` from an env file, so
  // the bridges' (optional, chosen by presence) also go as variables.
  const vars = Object.entries(services.secrets).flatMap(([k, v]) => ['--var', `${k}:${v}`])
  worker = spawn(
    'npm',
    ['run', '-s', 'dev', '--', '--env-file', '.wrangler/services.env', ...vars],
    { stdio: 'inherit' },
  )
  worker.on('exit', (code) => void stop(code ?? 0))
}

let stopping = false
async function stop(code: number) {
  if (stopping) return
  stopping = true
  worker?.kill('SIGTERM')
  await services.close()
  process.exit(code)
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0))

function portFromEnv(name: string, fallback: number): number {
  const value = process.env[name]
  return value === undefined || value === '' ? fallback : Number(value)
}
