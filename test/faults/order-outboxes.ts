/**
 * @module Reads the Shopper objects' SQLite files in a persist directory while workerd is stopped:
 * which orders exist, and which still hold events in their outbox (not yet accepted by the queue).
 */
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Miniflare keeps each object of a class in `<persist>/do/<script>-<Class>/<id>.sqlite`. */
const SHOPPER_OBJECTS = join('do', 'edge-commerce-api-Shopper')

/** Per placed order (by id): how many of its events its shopper's outbox still holds. */
export async function orderOutboxes(persistRoot: string): Promise<Map<string, number>> {
  // Loaded lazily: node:sqlite prints an experimental warning when it is imported.
  const { DatabaseSync } = await import('node:sqlite')
  const dir = join(persistRoot, SHOPPER_OBJECTS)
  const outboxes = new Map<string, number>()
  // Read copies: a file workerd left with a write-ahead log to replay cannot be opened read-only,
  // and replaying it in place would change workerd's own files.
  const copies = await mkdtemp(join(tmpdir(), 'edge-faults-outboxes-'))
  const files = await readdir(dir)
  for (const file of files.filter((f) => f.endsWith('.sqlite'))) {
    for (const part of files.filter((f) => f === file || f.startsWith(`${file}-`)))
      await copyFile(join(dir, part), join(copies, part))
    const db = new DatabaseSync(join(copies, file))
    try {
      // An object cut off before its constructor's migration committed has no tables yet.
      const tables = db
        .prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name IN ('orders', 'outbox')")
        .get() as { n: number }
      if (tables.n < 2) continue
      const rows = db
        .prepare(
          `SELECT o.id AS id, (SELECT COUNT(*) FROM outbox b WHERE b.order_id = o.id) AS n
           FROM orders o`,
        )
        .all() as { id: string; n: number }[]
      for (const r of rows) outboxes.set(r.id, r.n)
    } finally {
      db.close()
    }
  }
  await rm(copies, { recursive: true, force: true })
  return outboxes
}
