/** @module Builds the production bundles exactly as `npm run build:dry-run` does, into a temp dir. */
import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Where each Worker's bundle was written; `main` is the entry module wrangler emitted. */
export interface Bundles {
  api: string
  consumer: string
}

/** Runs `wrangler deploy --dry-run --outdir` for both Workers (no account, no network needed). */
export async function buildBundles(): Promise<Bundles> {
  const root = await mkdtemp(join(tmpdir(), 'edge-bench-'))
  const api = join(root, 'api')
  const consumer = join(root, 'queue-consumer')
  await wrangler(['deploy', '--dry-run', '-c', 'wrangler.toml', '--outdir', api])
  await wrangler([
    'deploy',
    '--dry-run',
    '-c',
    'workers/queue-consumer/wrangler.toml',
    '--outdir',
    consumer,
  ])
  return { api: join(api, 'index.js'), consumer: join(consumer, 'index.js') }
}

function wrangler(args: string[]) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('npx', ['wrangler', ...args], { stdio: ['ignore', 'ignore', 'inherit'] })
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`wrangler ${args.join(' ')} exited ${code}`)),
    )
  })
}
