/** @module SearchIndex: the embedded product search index on SQLite FTS5. */
import { DurableObject } from 'cloudflare:workers'

/**
 * The product index. Documents live in `docs`; `docs_fts` is an external-content FTS5 table over
 * them, kept in step by triggers, so a document write and its index entry commit together.
 */
export class SearchIndex extends DurableObject {
  private readonly sql: SqlStorage

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never)
    this.sql = ctx.storage.sql
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS docs (
          id TEXT PRIMARY KEY, version INTEGER NOT NULL, title TEXT NOT NULL, brand TEXT NOT NULL,
          category TEXT NOT NULL, description TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
          title, brand, category, description, content='docs', content_rowid='rowid',
          tokenize='unicode61 remove_diacritics 2', prefix='2 3');
        CREATE TRIGGER IF NOT EXISTS docs_ai AFTER INSERT ON docs BEGIN
          INSERT INTO docs_fts(rowid, title, brand, category, description)
          VALUES (new.rowid, new.title, new.brand, new.category, new.description); END;
        CREATE TRIGGER IF NOT EXISTS docs_ad AFTER DELETE ON docs BEGIN
          INSERT INTO docs_fts(docs_fts, rowid, title, brand, category, description)
          VALUES ('delete', old.rowid, old.title, old.brand, old.category, old.description); END;
        CREATE TRIGGER IF NOT EXISTS docs_au AFTER UPDATE ON docs BEGIN
          INSERT INTO docs_fts(docs_fts, rowid, title, brand, category, description)
          VALUES ('delete', old.rowid, old.title, old.brand, old.category, old.description);
          INSERT INTO docs_fts(rowid, title, brand, category, description)
          VALUES (new.rowid, new.title, new.brand, new.category, new.description); END;`)
    })
  }

  /** Answers when the index can be queried; returns the number of indexed documents. */
  ping(): number {
    return this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM docs_fts').one().n
  }
}
