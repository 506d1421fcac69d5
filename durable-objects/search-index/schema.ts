/** @module The SearchIndex object's SQLite schema and its in-constructor migration. */

/** Bumped whenever the DDL below changes; the index is rebuilt from the catalog by a reindex. */
export const SCHEMA_VERSION = 3

/**
 * `docs` holds each document; `docs_fts` is an external-content FTS5 index over its text columns,
 * kept in step by triggers so a document write and its index entry commit together. Column order
 * in `docs_fts` is the bm25 weight order (title, brand, category, description). `docs_vocab`
 * exposes the index's terms for the typo expansion. `tombstones` remembers removed ids and their
 * version so an older upsert arriving late cannot resurrect them.
 */
const DDL = `
CREATE TABLE docs (
  id TEXT PRIMARY KEY, version INTEGER NOT NULL, title TEXT NOT NULL, brand TEXT NOT NULL,
  category TEXT NOT NULL, description TEXT NOT NULL, price_minor INTEGER NOT NULL,
  in_stock INTEGER NOT NULL, created_at INTEGER NOT NULL, popularity REAL NOT NULL,
  skus TEXT NOT NULL, handle TEXT, image TEXT);
CREATE INDEX docs_price ON docs (price_minor, id);
CREATE INDEX docs_created ON docs (created_at, id);
CREATE INDEX docs_popularity ON docs (popularity, id);
CREATE VIRTUAL TABLE docs_fts USING fts5(
  title, brand, category, description, content='docs', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE VIRTUAL TABLE docs_vocab USING fts5vocab(docs_fts, 'row');
CREATE TRIGGER docs_ai AFTER INSERT ON docs BEGIN
  INSERT INTO docs_fts(rowid, title, brand, category, description)
  VALUES (new.rowid, new.title, new.brand, new.category, new.description); END;
CREATE TRIGGER docs_ad AFTER DELETE ON docs BEGIN
  INSERT INTO docs_fts(docs_fts, rowid, title, brand, category, description)
  VALUES ('delete', old.rowid, old.title, old.brand, old.category, old.description); END;
CREATE TRIGGER docs_au AFTER UPDATE ON docs BEGIN
  INSERT INTO docs_fts(docs_fts, rowid, title, brand, category, description)
  VALUES ('delete', old.rowid, old.title, old.brand, old.category, old.description);
  INSERT INTO docs_fts(rowid, title, brand, category, description)
  VALUES (new.rowid, new.title, new.brand, new.category, new.description); END;
CREATE TABLE tombstones (id TEXT PRIMARY KEY, version INTEGER NOT NULL);
`

/** Everything an older schema may have left behind, dropped before the DDL above runs. */
const DROP = `
DROP TRIGGER IF EXISTS docs_ai; DROP TRIGGER IF EXISTS docs_ad; DROP TRIGGER IF EXISTS docs_au;
DROP TABLE IF EXISTS docs_vocab; DROP TABLE IF EXISTS docs_fts; DROP TABLE IF EXISTS docs;
DROP TABLE IF EXISTS tombstones;
`

/**
 * Brings the object's storage to SCHEMA_VERSION. The index is derived data (a reindex rebuilds it
 * from the database), so an older schema is dropped and recreated rather than altered in place,
 * except version 2, which only lacks two nullable columns.
 */
export function migrate(sql: SqlStorage): void {
  sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)')
  const row = sql
    .exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema_version'")
    .toArray()[0]
  if (row?.value === SCHEMA_VERSION) return
  if (row?.value === 2) {
    // Version 3 only adds the card's columns: the documents stay (null until their next write
    // or a reindex, and result cards link by id meanwhile).
    sql.exec('ALTER TABLE docs ADD COLUMN handle TEXT; ALTER TABLE docs ADD COLUMN image TEXT')
  } else {
    sql.exec(DROP)
    sql.exec(DDL)
  }
  sql.exec("DELETE FROM meta WHERE key = 'last_write_at'")
  sql.exec(
    "INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    SCHEMA_VERSION,
  )
}
