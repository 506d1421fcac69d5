/**
 * @module Global setup of each workers project: runs `npm run services`' own script on free ports
 * over a fresh database of the project's own (`commerce_test`, `commerce_test_isolated`), so the production adapters run inside workerd against
 * the real Redis and MySQL. A missing server fails the run with the script's message naming it.
 */
import { spawn } from 'node:child_process'
import type { TestProject } from 'vitest/node'

type Secrets = {
  DATABASE_URL: string
  UPSTASH_REDIS_REST_URL: string
  UPSTASH_REDIS_REST_TOKEN: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    services: Secrets
  }
}

export default async function setup(project: TestProject) {
  // A child process, not an import: the bridges use Node-only clients that the workers project's
  // module runner (set up for workerd) does not load.
  const child = spawn(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', 'dev/services/cli.ts', '--fresh'],
    {
      env: {
        ...process.env,
        // A database per project: both projects start together, and each drops its own first.
        MYSQL_DATABASE: `commerce_test${project.name.replace(/^workers/, '').replace(/\W/g, '_')}`,
        UPSTASH_BRIDGE_PORT: '0',
        PLANETSCALE_BRIDGE_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const secrets = await new Promise<Secrets>((resolve, reject) => {
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').find((l) => l.startsWith('SERVICES_JSON '))
      if (line) resolve(JSON.parse(line.slice('SERVICES_JSON '.length)) as Secrets)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString()
    })
    child.on('exit', (code) =>
      reject(new Error(`dev services did not start (exit ${code}):\n${err || out}`)),
    )
  })
  project.provide('services', secrets)
  return () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
}
