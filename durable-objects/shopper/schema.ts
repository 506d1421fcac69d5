/**
 * @module The Shopper object's SQLite schema, as one numbered list of migrations (applied by
 * durable-objects/shared/migrations.ts). Applied scripts are frozen; add new ones at the end.
 */
export const SHOPPER_MIGRATIONS: readonly string[] = [
  // 1: cart, idempotency records, live orders, outbox.
  `CREATE TABLE cart_items (
     sku TEXT PRIMARY KEY, quantity INTEGER NOT NULL CHECK (quantity > 0),
     position INTEGER NOT NULL, updated_at INTEGER NOT NULL);
   CREATE TABLE placements (
     idempotency_key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, order_id TEXT NOT NULL, currency TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('placing', 'done', 'retired')),
     lines TEXT NOT NULL, result TEXT, expires_at INTEGER NOT NULL, created_at INTEGER NOT NULL);
   CREATE INDEX placements_placing ON placements (expires_at) WHERE state = 'placing';
   CREATE TABLE orders (
     id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL, data TEXT NOT NULL,
     status TEXT NOT NULL, units INTEGER NOT NULL, created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, holders TEXT NOT NULL,
     settled INTEGER NOT NULL, settle_attempts INTEGER NOT NULL, settle_retry_at INTEGER,
     check_at INTEGER, check_attempts INTEGER NOT NULL DEFAULT 0, retire_check_at INTEGER);
   CREATE TABLE outbox (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, order_id TEXT NOT NULL,
     body TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, retry_at INTEGER NOT NULL);
   CREATE INDEX outbox_order ON outbox (order_id);`,
  // 2: the session floor (sessions.ts): checkout refuses tokens of an ended session itself.
  `CREATE TABLE session (
     id INTEGER PRIMARY KEY CHECK (id = 1), floor INTEGER NOT NULL, confirmed INTEGER NOT NULL);`,
]
