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
  // 2: a deleted account's pseudonym, and when the archive is swept for events that raced it.
  `CREATE TABLE forgotten (
     pseudonym TEXT NOT NULL, sweep_at INTEGER, sweep_attempts INTEGER NOT NULL DEFAULT 0);`,
  // 3: each live order's timeline (order-log.ts): one row per change, gone when the order retires.
  `CREATE TABLE order_log (
     order_id TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL,
     at INTEGER NOT NULL, detail TEXT, PRIMARY KEY (order_id, version));`,
  // 4: the session floor (sessions.ts): checkout refuses tokens of an ended session itself.
  `CREATE TABLE session (
     id INTEGER PRIMARY KEY CHECK (id = 1), floor INTEGER NOT NULL, confirmed INTEGER NOT NULL);`,
  // 5: fewer rows written per checkout (each index entry and sqlite_sequence update is a billed
  // row written); columns, their order and the other indexes unchanged. Placements and orders
  // are keyed by their text key alone (WITHOUT ROWID: no second index on the key), so each write
  // of a placement or an order writes one row fewer. The outbox's seq is a plain rowid, not
  // AUTOINCREMENT (no sqlite_sequence write per event): it may start again from 1 once the
  // outbox is empty, which changes nothing, since the one flusher deletes only the rows it sent
  // (seq <= the last it read), which stay in the table until then, so every row inserted
  // meanwhile gets a higher seq.
  `CREATE TABLE placements_v3 (
     idempotency_key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, order_id TEXT NOT NULL, currency TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('placing', 'done', 'retired')),
     lines TEXT NOT NULL, result TEXT, expires_at INTEGER NOT NULL, created_at INTEGER NOT NULL)
     WITHOUT ROWID;
   INSERT INTO placements_v3 SELECT idempotency_key, request_hash, order_id, currency, state, lines,
     result, expires_at, created_at FROM placements;
   DROP TABLE placements;
   ALTER TABLE placements_v3 RENAME TO placements;
   CREATE INDEX placements_placing ON placements (expires_at) WHERE state = 'placing';
   CREATE TABLE orders_v3 (
     id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL, data TEXT NOT NULL,
     status TEXT NOT NULL, units INTEGER NOT NULL, created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, holders TEXT NOT NULL,
     settled INTEGER NOT NULL, settle_attempts INTEGER NOT NULL, settle_retry_at INTEGER,
     check_at INTEGER, check_attempts INTEGER NOT NULL DEFAULT 0, retire_check_at INTEGER)
     WITHOUT ROWID;
   INSERT INTO orders_v3 SELECT id, idempotency_key, data, status, units, created_at, updated_at,
     expires_at, holders, settled, settle_attempts, settle_retry_at, check_at, check_attempts,
     retire_check_at FROM orders;
   DROP TABLE orders;
   ALTER TABLE orders_v3 RENAME TO orders;
   CREATE TABLE outbox_v3 (
     seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, order_id TEXT NOT NULL,
     body TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, retry_at INTEGER NOT NULL);
   INSERT INTO outbox_v3 SELECT seq, id, order_id, body, attempts, retry_at FROM outbox;
   DROP TABLE outbox;
   ALTER TABLE outbox_v3 RENAME TO outbox;
   CREATE INDEX outbox_order ON outbox (order_id);`,
  // 6: a checkout's breakdown, contact and addresses, priced before any stock is held.
  'ALTER TABLE placements ADD COLUMN priced TEXT;',
  // 7: the timeline keyed by (order, version) alone (WITHOUT ROWID): one row written per change
  // instead of two (the table row and its primary-key index entry are each a billed row).
  `CREATE TABLE order_log_v7 (
     order_id TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL,
     at INTEGER NOT NULL, detail TEXT, PRIMARY KEY (order_id, version)) WITHOUT ROWID;
   INSERT INTO order_log_v7 SELECT order_id, version, type, status, at, detail FROM order_log;
   DROP TABLE order_log;
   ALTER TABLE order_log_v7 RENAME TO order_log;`,
  // 8: the account's saved addresses (addresses.ts), keyed by a random id alone (WITHOUT ROWID),
  // at most MAX_SAVED_ADDRESSES; `address` is the parsed Address as JSON.
  `CREATE TABLE addresses (
     id TEXT PRIMARY KEY, label TEXT, address TEXT NOT NULL,
     is_default INTEGER NOT NULL CHECK (is_default IN (0, 1)), created_at INTEGER NOT NULL)
     WITHOUT ROWID;`,
  // 9: the outbox without indexes. It holds only events not yet taken by the queue (empty between
  // checkouts; more only while the queue is down), and nothing looks an event up by its id, so its
  // two indexes (`id` UNIQUE, `order_id`) cost four billed rows per event (written on insert and
  // on delete) to speed up scans of a table that is almost always empty. Event ids are random
  // UUIDs; the flusher still reads and deletes by `seq`, the rowid.
  `CREATE TABLE outbox_v9 (
     seq INTEGER PRIMARY KEY, id TEXT NOT NULL, order_id TEXT NOT NULL,
     body TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, retry_at INTEGER NOT NULL);
   INSERT INTO outbox_v9 SELECT seq, id, order_id, body, attempts, retry_at FROM outbox;
   DROP TABLE outbox;
   ALTER TABLE outbox_v9 RENAME TO outbox;`,
  // 10: what a checkout's order id is derived from (order-ids.ts CheckoutIds): a random salt,
  // drawn here once per object, and the epoch of forgotten placements.
  `CREATE TABLE checkout_ids (
     id INTEGER PRIMARY KEY CHECK (id = 1), salt TEXT NOT NULL, epoch INTEGER NOT NULL);
   INSERT INTO checkout_ids VALUES (1, lower(hex(randomblob(16))), 0);`,
]
