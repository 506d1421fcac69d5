/**
 * @module Reads the Order objects' SQLite files in a persist directory while workerd is stopped:
 * which orders exist, and which still hold events in their outbox (not yet accepted by the queue).
 */
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Miniflare keeps each object of a class in `<persist>/do/<script>-<Class>/<id>.sqlite`. */
const ORDER_OBJECTS = join('do', 'edge-commerce-api-Order')

/** Per placed order (by id): how many events its outbox still holds. */
export async function orderOutboxes(persistRoot: string): Promise<Map<string, number>> {
  // Loaded lazily: node:sqlite prints an experimental warning when it is imported.
  const { DatabaseSync } = await import('node:sqlite')
  const dir = join(persistRoot, ORDER_OBJECTS)
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
        .prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name IN ('order_state', 'outbox')")
        .get() as { n: number }
      if (tables.n < 2) continue
      const placed = db.prepare('SELECT COUNT(*) AS n FROM order_state').get() as { n: number }
      if (placed.n === 0) continue
      const pending = db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }
      outboxes.set(file.slice(0, -'.sqlite'.length), pending.n)
    } finally {
      db.close()
    }
  }
  await rm(copies, { recursive: true, force: true })
  return outboxes
}
