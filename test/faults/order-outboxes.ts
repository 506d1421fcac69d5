/**
 * @module Reads the Order objects' SQLite files in a persist directory while workerd is stopped:
 * which orders exist, and which still hold events in their outbox (not yet accepted by the queue).
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'

/** Miniflare keeps each object of a class in `<persist>/do/<script>-<Class>/<id>.sqlite`. */
const ORDER_OBJECTS = join('do', 'edge-commerce-api-Order')

/** Per placed order (by id): how many events its outbox still holds. */
export async function orderOutboxes(persistRoot: string): Promise<Map<string, number>> {
  // Loaded lazily: node:sqlite prints an experimental warning when it is imported.
  const { DatabaseSync } = await import('node:sqlite')
  const dir = join(persistRoot, ORDER_OBJECTS)
  const outboxes = new Map<string, number>()
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.sqlite'))) {
    const db = new DatabaseSync(join(dir, file), { readOnly: true })
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
  return outboxes
}
