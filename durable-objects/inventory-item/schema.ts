/**
 * @module The InventoryItem's SQLite schema, as one numbered list of migrations (applied by
 * durable-objects/shared/migrations.ts). Applied scripts are frozen; add new ones at the end.
 * The CHECKs restate invariant 1 inside SQLite, so even a bug in the rules aborts the transaction
 * instead of storing an oversell.
 */
export const INVENTORY_MIGRATIONS: readonly string[] = [
  // 1: stock, reservations, ledger, shard transfers and the split. IF NOT EXISTS adopts objects a
  // local store made before migrations were numbered.
  `CREATE TABLE IF NOT EXISTS stock (
     id INTEGER PRIMARY KEY CHECK (id = 1), sku TEXT NOT NULL,
     received INTEGER NOT NULL, adjusted INTEGER NOT NULL, sold INTEGER NOT NULL,
     reserved INTEGER NOT NULL, transferred INTEGER NOT NULL DEFAULT 0,
     CHECK (reserved >= 0), CHECK (sold >= 0),
     CHECK (received + adjusted + transferred - sold - reserved >= 0));
   CREATE TABLE IF NOT EXISTS reservations (
     id TEXT PRIMARY KEY, order_id TEXT, quantity INTEGER NOT NULL CHECK (quantity >= 0),
     expires_at INTEGER NOT NULL, status TEXT NOT NULL, updated_at INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS reservations_active ON reservations (expires_at)
     WHERE status = 'active';
   CREATE TABLE IF NOT EXISTS ledger (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
     quantity INTEGER NOT NULL, reservation_id TEXT, order_id TEXT,
     on_hand_after INTEGER NOT NULL, available_after INTEGER NOT NULL,
     occurred_at INTEGER NOT NULL, reason TEXT);
   CREATE TABLE IF NOT EXISTS transfers (
     id TEXT PRIMARY KEY, direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
     peer TEXT NOT NULL, quantity INTEGER CHECK (quantity >= 0),
     state TEXT NOT NULL CHECK (state IN ('pending', 'done')), retry_at INTEGER,
     attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS transfers_pending ON transfers (retry_at) WHERE state = 'pending';
   CREATE TABLE IF NOT EXISTS sharding (
     id INTEGER PRIMARY KEY CHECK (id = 1), shards INTEGER NOT NULL CHECK (shards >= 0),
     span INTEGER NOT NULL CHECK (span >= shards));`,
  // 2: per-customer purchase limits for drops (purchase-limits.ts).
  `CREATE TABLE purchase_limit (
     id INTEGER PRIMARY KEY CHECK (id = 1), per_customer INTEGER NOT NULL CHECK (per_customer > 0));
   CREATE TABLE customer_units (
     customer_id TEXT PRIMARY KEY, units INTEGER NOT NULL CHECK (units >= 0));
   CREATE TABLE reservation_customers (
     reservation_id TEXT PRIMARY KEY, customer_id TEXT NOT NULL,
     quantity INTEGER NOT NULL, returned INTEGER NOT NULL DEFAULT 0);`,
  // 3: what the root last published (published.ts): the availability it announced and whether
  // its last stock hint was above the exact band, so a restart neither re-announces nor rewrites.
  `CREATE TABLE published (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     in_stock INTEGER CHECK (in_stock IN (0, 1)),
     hint_above INTEGER CHECK (hint_above IN (0, 1)));`,
  // 4: fewer rows written per sale (each index entry and sqlite_sequence update is a billed row
  // written). The ledger keeps its order by seq (a rowid: the table is append-only, so it never
  // reuses one) without AUTOINCREMENT, and its random line id without a unique index (nothing
  // looks a line up by it); reservations are keyed by their id alone (WITHOUT ROWID: no second
  // index beside the table).
  `CREATE TABLE ledger_v4 (
     seq INTEGER PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL,
     quantity INTEGER NOT NULL, reservation_id TEXT, order_id TEXT,
     on_hand_after INTEGER NOT NULL, available_after INTEGER NOT NULL,
     occurred_at INTEGER NOT NULL, reason TEXT);
   INSERT INTO ledger_v4 SELECT seq, id, kind, quantity, reservation_id, order_id, on_hand_after,
     available_after, occurred_at, reason FROM ledger;
   DROP TABLE ledger;
   ALTER TABLE ledger_v4 RENAME TO ledger;
   CREATE TABLE reservations_v4 (
     id TEXT PRIMARY KEY, order_id TEXT, quantity INTEGER NOT NULL CHECK (quantity >= 0),
     expires_at INTEGER NOT NULL, status TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
   INSERT INTO reservations_v4 SELECT id, order_id, quantity, expires_at, status, updated_at
     FROM reservations;
   DROP TABLE reservations;
   ALTER TABLE reservations_v4 RENAME TO reservations;
   CREATE INDEX reservations_active ON reservations (expires_at) WHERE status = 'active';`,
]
