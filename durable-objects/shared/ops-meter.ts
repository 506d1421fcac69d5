/** @module The operations meter: exact counts of billed operations, on only where the bench asks. */

/**
 * What the meter counts since the last reset. Object calls are RPC method calls on Durable Object
 * stubs (each one a billed request); counter commands are the subset made to Counters objects.
 */
export interface OpsCounts {
  objectCalls: number
  objectCallsByBinding: Record<string, number>
  /** Objects whose storage was empty when constructed: new objects (a new SQLite database). */
  objectsCreated: number
  objectsCreatedByClass: Record<string, number>
  /** Constructor runs of any object, new or brought back into memory after idling. */
  objectsStarted: number
  sqlStatements: number
  sqlRowsRead: number
  sqlRowsWritten: number
  alarmWrites: number
  /** alarm() handler runs: each is a billed Durable Object request. */
  alarmRuns: number
  kvReads: number
  kvWrites: number
  queueMessages: number
  queueSends: number
  dbQueries: number
  counterCommands: number
}

/** The bench sets OPS_METER=on; production configuration never does. */
export function meterEnabled(env: unknown): boolean {
  return (env as { OPS_METER?: unknown } | null)?.OPS_METER === 'on'
}

const fresh = (): OpsCounts => ({
  objectCalls: 0,
  objectCallsByBinding: {},
  objectsCreated: 0,
  objectsCreatedByClass: {},
  objectsStarted: 0,
  sqlStatements: 0,
  sqlRowsRead: 0,
  sqlRowsWritten: 0,
  alarmWrites: 0,
  alarmRuns: 0,
  kvReads: 0,
  kvWrites: 0,
  queueMessages: 0,
  queueSends: 0,
  dbQueries: 0,
  counterCommands: 0,
})

// Module state: in workerd every object of a Worker and its fetch handler share one isolate, so
// one tally sees them all. Production never reaches this code (meterEnabled is false).
let counts = fresh()

/** A SQL cursor whose rows are still being read: its row counters grow as it is iterated. */
interface OpenCursor {
  cursor: SqlStorageCursor<Record<string, SqlStorageValue>>
  read: number
  written: number
}
let open: OpenCursor[] = []
/** Cursors kept for late iteration; older ones have been read out long before. */
const MAX_OPEN = 1_000

function settleCursors() {
  for (const c of open) {
    counts.sqlRowsRead += c.cursor.rowsRead - c.read
    counts.sqlRowsWritten += c.cursor.rowsWritten - c.written
    c.read = c.cursor.rowsRead
    c.written = c.cursor.rowsWritten
  }
  if (open.length > MAX_OPEN) open = open.slice(-MAX_OPEN / 2)
}

/** The counts since the last reset, with every SQL cursor's rows so far. */
export function readMeter(): OpsCounts {
  settleCursors()
  return structuredClone(counts)
}

/** Starts counting from zero. */
export function resetMeter(): void {
  settleCursors()
  counts = fresh()
  open = []
}

const bump = (map: Record<string, number>, key: string) => {
  map[key] = (map[key] ?? 0) + 1
}

/** A method of a native object, called on the object itself (proxies fail workerd's brand checks). */
function bound(target: object, prop: PropertyKey): unknown {
  const value = Reflect.get(target, prop)
  return typeof value === 'function' ? value.bind(target) : value
}

/** Wraps `target` so the methods named in `hooks` run through their hook. */
function hooked<T extends object>(
  target: T,
  hooks: Record<string, (call: (...a: unknown[]) => unknown, args: unknown[]) => unknown>,
): T {
  return new Proxy(target, {
    get(t, prop) {
      const hook = typeof prop === 'string' ? hooks[prop] : undefined
      const value = bound(t, prop)
      if (!hook || typeof value !== 'function') return value
      return (...args: unknown[]) => hook(value as (...a: unknown[]) => unknown, args)
    },
  })
}

const count =
  (key: keyof OpsCounts, by: (args: unknown[]) => number = () => 1) =>
  (call: (...a: unknown[]) => unknown, args: unknown[]) => {
    ;(counts[key] as number) += by(args)
    return call(...args)
  }

/** Every property call on a stub is one RPC (one billed request); `fetch` is one too. */
function meterStub(stub: object, binding: string, isCounters: boolean): object {
  return new Proxy(stub, {
    get(t, prop) {
      // RPC stubs answer any property with a callable; only plain names are methods.
      if (typeof prop !== 'string' || prop === 'then' || prop === 'id' || prop === 'name')
        return Reflect.get(t, prop)
      const method = Reflect.get(t, prop)
      if (typeof method !== 'function') return method
      return (...args: unknown[]) => {
        counts.objectCalls++
        bump(counts.objectCallsByBinding, binding)
        if (isCounters) counts.counterCommands++
        // Reflect.apply: `method.apply` on an RPC property would itself be a remote path.
        return Reflect.apply(method, t, args)
      }
    },
  })
}

function meterNamespace(ns: DurableObjectNamespace, binding: string): DurableObjectNamespace {
  const isCounters = binding === 'COUNTERS'
  const wrap = (call: (...a: unknown[]) => unknown, args: unknown[]) =>
    meterStub(call(...args) as object, binding, isCounters)
  return hooked(ns, { get: wrap, getByName: wrap })
}

const keysIn = (args: unknown[]) => (Array.isArray(args[0]) ? args[0].length : 1)

function meterKv(kv: KVNamespace): KVNamespace {
  return hooked(kv, {
    get: count('kvReads', keysIn),
    getWithMetadata: count('kvReads', keysIn),
    put: count('kvWrites'),
    delete: count('kvWrites'),
    list: count('kvReads'),
  })
}

function meterQueue(queue: Queue): Queue {
  return hooked(queue, {
    send: (call, args) => {
      counts.queueSends++
      counts.queueMessages++
      return call(...args)
    },
    sendBatch: (call, args) => {
      counts.queueSends++
      counts.queueMessages += [...((args[0] as Iterable<unknown>) ?? [])].length
      return call(...args)
    },
  })
}

/** A D1 statement counts one query when it runs; `bind` returns a statement to meter again. */
function meterStatement(stmt: D1PreparedStatement): D1PreparedStatement {
  return hooked(stmt, {
    bind: (call, args) => meterStatement(call(...args) as D1PreparedStatement),
    first: count('dbQueries'),
    all: count('dbQueries'),
    run: count('dbQueries'),
    raw: count('dbQueries'),
  })
}

function meterD1(db: D1Database): D1Database {
  return hooked(db, {
    prepare: (call, args) => meterStatement(call(...args) as D1PreparedStatement),
    batch: count('dbQueries', (args) => (args[0] as unknown[]).length),
    exec: count('dbQueries'),
  })
}

const isNamespace = (v: object) => 'idFromName' in v && 'getByName' in v
const isKv = (v: object) => 'getWithMetadata' in v && 'list' in v
const isQueue = (v: object) => 'sendBatch' in v && 'send' in v
const isD1 = (v: object) => 'prepare' in v && 'batch' in v

const metered = new WeakMap<object, object>()

/**
 * `env` with its Durable Object namespaces, KV namespaces, queues and D1 databases counted; `env`
 * itself when the meter is off. The same env gives the same wrapper, so per-env caches still hit.
 */
export function meterEnv<E>(env: E): E {
  if (!meterEnabled(env)) return env
  const source = env as object
  const known = metered.get(source)
  if (known) return known as E
  const wrapped: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(source)) {
    if (!value || typeof value !== 'object') wrapped[name] = value
    else if (isNamespace(value))
      wrapped[name] = meterNamespace(value as DurableObjectNamespace, name)
    else if (isKv(value)) wrapped[name] = meterKv(value as KVNamespace)
    else if (isQueue(value)) wrapped[name] = meterQueue(value as Queue)
    else if (isD1(value)) wrapped[name] = meterD1(value as D1Database)
    else wrapped[name] = value
  }
  metered.set(source, wrapped)
  // Metering a metered env again returns it as is.
  metered.set(wrapped, wrapped)
  return wrapped as E
}

/**
 * Counts this object's construction, and from now on its SQL rows, alarm writes and alarm runs, by
 * patching its own storage and `alarm` in place (so every holder of `ctx` is counted). Nothing
 * happens when off.
 */
export function meterStorage(
  ctx: DurableObjectState,
  env: unknown,
  className: string,
  object: { alarm?: (...args: never[]) => unknown },
): void {
  if (!meterEnabled(env)) return
  counts.objectsStarted++
  // Read before the storage is patched, so this look is not counted as the object's own work.
  const tables = ctx.storage.sql
    .exec<{ n: number }>(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
    )
    .one().n
  if (tables === 0) {
    counts.objectsCreated++
    bump(counts.objectsCreatedByClass, className)
  }
  const alarm = object.alarm
  if (alarm)
    object.alarm = (...args: never[]) => {
      counts.alarmRuns++
      return alarm.apply(object, args)
    }
  const storage = ctx.storage
  const sql = storage.sql
  const exec = sql.exec.bind(sql)
  sql.exec = ((query: string, ...bindings: unknown[]) => {
    settleCursors()
    const cursor = exec(query, ...bindings)
    counts.sqlStatements++
    open.push({ cursor, read: 0, written: 0 })
    return cursor
  }) as typeof sql.exec
  const setAlarm = storage.setAlarm.bind(storage)
  const deleteAlarm = storage.deleteAlarm.bind(storage)
  storage.setAlarm = (...args: Parameters<typeof setAlarm>) => {
    counts.alarmWrites++
    return setAlarm(...args)
  }
  storage.deleteAlarm = (...args: Parameters<typeof deleteAlarm>) => {
    counts.alarmWrites++
    return deleteAlarm(...args)
  }
}
