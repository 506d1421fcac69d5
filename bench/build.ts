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

/**
 * Runs `wrangler deploy --dry-run --outdir` for both Workers (no account, no network needed), into
 * `root` (`<root>/api`, `<root>/queue-consumer`) or a fresh temp dir. `root` must be absolute:
 * wrangler resolves a relative outdir against the config's folder, not the working directory.
 */
export async function buildBundles(root?: string): Promise<Bundles> {
  root ??= await mkdtemp(join(tmpdir(), 'edge-bench-'))
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
  return bundlesIn(root)
}

/** Where {@link buildBundles} writes the entry module of each Worker under `root`. */
export function bundlesIn(root: string): Bundles {
  return { api: join(root, 'api', 'index.js'), consumer: join(root, 'queue-consumer', 'index.js') }
}

/**
 * Builds the bench's floor (bench/floor/worker.ts) the same way into `<root>/floor`, and returns its
 * entry module. Only `npm run bench` serves it; it is no part of the product.
 */
export async function buildFloorBundle(root?: string): Promise<string> {
  root ??= await mkdtemp(join(tmpdir(), 'edge-bench-'))
  const out = join(root, 'floor')
  await wrangler(['deploy', '--dry-run', '-c', 'bench/floor/wrangler.toml', '--outdir', out])
  return join(out, 'worker.js')
}

function wrangler(args: string[]) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('npx', ['wrangler', ...args], { stdio: ['ignore', 'ignore', 'inherit'] })
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`wrangler ${args.join(' ')} exited ${code}`)),
    )
  })
}
