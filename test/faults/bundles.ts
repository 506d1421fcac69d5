/**
 * @module The production bundles the fault suite serves: `dist/` as `npm run check` left it when
 * it is newer than every source file, else rebuilt there with bench/build.ts (one build at a time).
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { type Bundles, buildBundles, bundlesIn } from '#bench/build'

const ROOT = resolve('dist')
const LOCK = join(ROOT, '.faults-build.lock')
// What the bundles are made of: a change to any of these makes dist/ stale.
const SOURCES = [
  'adapters',
  'domain',
  'durable-objects',
  'workers',
  'wrangler.toml',
  'package-lock.json',
]
// A lock older than any build can take was left by a killed run.
const STALE_LOCK_MS = 180_000

/** Fresh bundles of both Workers in dist/, built first when missing or older than a source. */
export async function ensureBundles(): Promise<Bundles> {
  const bundles = bundlesIn(ROOT)
  await mkdir(ROOT, { recursive: true })
  await lock()
  try {
    if (await fresh(bundles)) return bundles
    return await buildBundles(ROOT)
  } finally {
    await rm(LOCK, { recursive: true, force: true })
  }
}

async function fresh(bundles: Bundles): Promise<boolean> {
  const built = await Promise.all([mtime(bundles.api), mtime(bundles.consumer)])
  if (built.includes(0)) return false
  const newest = Math.max(...(await Promise.all(SOURCES.map(newestIn))))
  return Math.min(...built) > newest
}

/** Scenarios start side by side (and vitest may run files in parallel): the first builds. */
async function lock(): Promise<void> {
  for (;;) {
    try {
      await mkdir(LOCK)
      return
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      if (Date.now() - (await mtime(LOCK)) > STALE_LOCK_MS)
        await rm(LOCK, { recursive: true, force: true })
      await new Promise((r) => setTimeout(r, 500))
    }
  }
}

async function mtime(path: string): Promise<number> {
  return (await stat(path).catch(() => undefined))?.mtimeMs ?? 0
}

async function newestIn(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined)
  if (!info) return 0
  if (!info.isDirectory()) return info.mtimeMs
  let newest = 0
  for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || /(^|\/)(node_modules|dist|\.wrangler)(\/|$)/.test(entry.parentPath))
      continue
    newest = Math.max(newest, await mtime(join(entry.parentPath, entry.name)))
  }
  return newest
}
