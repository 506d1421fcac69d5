/** @module The archive as an Order object reads it: which version of its order the archive holds. */
import { D1DatabaseAdapter } from '#adapters/d1/database'
import { PlanetScaleDatabaseAdapter } from '#adapters/planetscale/database'
import type { ArchiveStore } from '#domain/ports/archive-store'

/** The bindings that choose the archive, as workers/shared/ports.ts reads them. */
export interface ArchiveEnv {
  DB: D1Database
  DATABASE_URL?: string
}

/**
 * The archive as the Workers choose it (workers/shared/ports.ts): PlanetScale when DATABASE_URL is
 * set, else D1. Objects may not import the Workers' code, so the choice is repeated here.
 */
export function archiveFor(env: ArchiveEnv): ArchiveStore {
  return env.DATABASE_URL
    ? new PlanetScaleDatabaseAdapter(env.DATABASE_URL).archive
    : new D1DatabaseAdapter(env.DB).archive
}

/**
 * The version of order `id` the archive holds (0: none), or undefined when the archive did not
 * answer; that is logged as `why` says, since the caller looks again later.
 */
export async function archivedVersion(
  archive: ArchiveStore,
  id: string,
  why: string,
): Promise<number | undefined> {
  try {
    return (await archive.archivedVersions([id])).get(id) ?? 0
  } catch (err) {
    console.warn(
      JSON.stringify({
        msg: `archive not reachable; ${why}`,
        id,
        error: err instanceof Error ? err.message : String(err),
      }),
    )
    return undefined
  }
}
