/** @module Versioned writes of the embedded index: upsert, remove with tombstones, clear, stats. */
import type { SearchDocument, SearchStats } from '#domain/ports/search'

/** Remembers when the index last changed, for stats(). */
function touch(sql: SqlStorage, now: number): void {
  sql.exec(
    "INSERT INTO meta (key, value) VALUES ('last_write_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    now,
  )
}

/**
 * Applies each document unless the index already holds a newer version of it, or a tombstone of
 * the same or a newer version (a remove wins a tie: a redelivered upsert of the version that was
 * removed must not bring it back). An equal version replaces: stock and popularity change without
 * a new product version. Returns how many documents were applied.
 */
export function upsertDocuments(sql: SqlStorage, documents: SearchDocument[], now: number): number {
  let applied = 0
  for (const doc of documents) {
    const tomb = sql
      .exec<{ version: number }>('SELECT version FROM tombstones WHERE id = ?', doc.id)
      .toArray()[0]
    if (tomb && doc.version <= tomb.version) continue
    // The WHERE on the conflict branch is the version check; it runs inside the same statement.
    const changed = sql
      .exec(
        `INSERT INTO docs (id, version, title, brand, category, description, price_minor, in_stock,
         created_at, popularity, skus, handle, image)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, title = excluded.title,
         brand = excluded.brand, category = excluded.category, description = excluded.description,
         price_minor = excluded.price_minor, in_stock = excluded.in_stock,
         created_at = excluded.created_at, popularity = excluded.popularity, skus = excluded.skus,
         handle = excluded.handle, image = excluded.image
       WHERE excluded.version >= docs.version
       RETURNING id`,
        doc.id,
        doc.version,
        doc.title,
        doc.brand,
        doc.category,
        doc.description,
        doc.priceMinor,
        doc.inStock ? 1 : 0,
        doc.createdAt,
        doc.popularity,
        JSON.stringify(doc.skus),
        doc.handle ?? null,
        doc.image ? JSON.stringify(doc.image) : null,
      )
      .toArray().length
    if (changed === 0) continue
    if (tomb) sql.exec('DELETE FROM tombstones WHERE id = ?', doc.id)
    applied++
  }
  if (applied > 0) touch(sql, now)
  return applied
}

/**
 * Removes the document unless it holds a newer version than `version`, and records a tombstone at
 * the highest version removed so far, whether or not the document was there: a remove may arrive
 * before the upsert it supersedes. Returns whether anything changed.
 */
export function removeDocument(sql: SqlStorage, id: string, version: number, now: number): boolean {
  const current = sql
    .exec<{ version: number }>('SELECT version FROM docs WHERE id = ?', id)
    .toArray()[0]
  if (current && current.version > version) return false
  const tomb = sql
    .exec<{ version: number }>('SELECT version FROM tombstones WHERE id = ?', id)
    .toArray()[0]
  if (!current && tomb && tomb.version >= version) return false
  if (current) sql.exec('DELETE FROM docs WHERE id = ?', id)
  sql.exec(
    `INSERT INTO tombstones (id, version) VALUES (?, ?)
     ON CONFLICT (id) DO UPDATE SET version = max(version, excluded.version)`,
    id,
    version,
  )
  touch(sql, now)
  return true
}

/** Empties documents, their index entries (through the delete trigger) and tombstones. */
export function clearIndex(sql: SqlStorage): void {
  sql.exec('DELETE FROM docs')
  sql.exec('DELETE FROM tombstones')
  sql.exec("DELETE FROM meta WHERE key = 'last_write_at'")
}

/** The number of documents and the time of the last applied write; null while there are none. */
export function indexStats(sql: SqlStorage): SearchStats {
  const documents = sql.exec<{ n: number }>('SELECT count(*) AS n FROM docs').one().n
  const last = sql
    .exec<{ value: number }>("SELECT value FROM meta WHERE key = 'last_write_at'")
    .toArray()[0]
  return { documents, lastUpdatedAt: documents > 0 && last ? last.value : null }
}
