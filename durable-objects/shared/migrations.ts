/** @module The one migration runner of every object class: a numbered list of SQL scripts, applied once each. */

/**
 * Applies the scripts of `migrations` that this object has not run yet, in order, each in its own
 * transaction with its number recorded, so an object built by any earlier release catches up and
 * a script never runs twice. Call it in the constructor under `blockConcurrencyWhile`. Applied
 * scripts are frozen: a schema change is a new script at the end of the list, never an edit.
 */
export function applyMigrations(
  storage: DurableObjectStorage,
  migrations: readonly string[],
): void {
  const sql = storage.sql
  const applied = appliedVersion(sql)
  if (applied > migrations.length)
    throw new Error(`storage is at migration ${applied}, this code knows ${migrations.length}`)
  for (let version = applied + 1; version <= migrations.length; version++)
    storage.transactionSync(() => {
      sql.exec(migrations[version - 1] as string)
      sql.exec(
        'INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)',
        version,
        Date.now(),
      )
    })
}

/**
 * The version applied so far. Every start of every object asks, so the common case is one
 * statement: the table is created only when reading it finds none (a new object).
 */
function appliedVersion(sql: SqlStorage): number {
  try {
    return migrationVersion(sql)
  } catch (err) {
    if (!String(err).includes('no such table')) throw err
    sql.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
    )
    return 0
  }
}

/** The version an object's storage is at (0: none applied); for tests and diagnostics. */
export function migrationVersion(sql: SqlStorage): number {
  return (
    sql.exec<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations').one().v ?? 0
  )
}
