/**
 * @module The floor: issue 13's checkout design at its barest, for `npm run bench` to serve on the
 * same workerd, the same disk and in the same minutes as the sales, so each sale's rate can be read
 * against what the design's own mechanics cost there. Per order: one Worker request; one call to
 * the shopper's object, which answers a repeated key from its record; one call from it to the SKU's
 * object (a conditional decrement and a hold, one commit, an alarm set once); then the order and its
 * outbox row in one commit (deleting the rows sent before), the event sent after the answer, and
 * the consumer archiving it into D1 once. Nothing of the shop: no authentication, no validation
 * beyond the shape, no prices, settings, limits, rate limits or middleware. Never deployed.
 */
import { DurableObject } from 'cloudflare:workers'

/** How long a hold lasts without payment, as the shop's default reservation. */
const HOLD_MS = 15 * 60_000

/** One SKU's stock and its holds. */
export class FloorSku extends DurableObject<Env> {
  private alarmSet = false

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    void ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec(`
        CREATE TABLE IF NOT EXISTS stock (id INTEGER PRIMARY KEY, available INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS holds (
          order_id TEXT PRIMARY KEY, quantity INTEGER NOT NULL, expires_at INTEGER NOT NULL
        ) WITHOUT ROWID;`)
      this.alarmSet = (await ctx.storage.getAlarm()) !== null
    })
  }

  setStock(units: number): number {
    this.ctx.storage.sql.exec(
      'INSERT INTO stock (id, available) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET available = excluded.available',
      units,
    )
    return this.available()
  }

  available(): number {
    const row = this.ctx.storage.sql.exec<{ available: number }>(
      'SELECT available FROM stock WHERE id = 1',
    )
    return row.toArray()[0]?.available ?? 0
  }

  /** Holds `quantity` for `orderId` (again: already held), or answers false when short. */
  async reserve(orderId: string, quantity: number): Promise<boolean> {
    const sql = this.ctx.storage.sql
    if (sql.exec('SELECT 1 FROM holds WHERE order_id = ?', orderId).toArray().length > 0)
      return true
    const taken = sql.exec(
      'UPDATE stock SET available = available - ? WHERE id = 1 AND available >= ?',
      quantity,
      quantity,
    ).rowsWritten
    if (taken === 0) return false
    const expiresAt = Date.now() + HOLD_MS
    sql.exec(
      'INSERT INTO holds (order_id, quantity, expires_at) VALUES (?, ?, ?)',
      orderId,
      quantity,
      expiresAt,
    )
    if (!this.alarmSet) {
      this.alarmSet = true
      await this.ctx.storage.setAlarm(expiresAt)
    }
    return true
  }

  /** Gives back what expired holds took. */
  override async alarm(): Promise<void> {
    const sql = this.ctx.storage.sql
    const now = Date.now()
    sql.exec(
      'UPDATE stock SET available = available + (SELECT COALESCE(SUM(quantity), 0) FROM holds WHERE expires_at <= ?) WHERE id = 1',
      now,
    )
    sql.exec('DELETE FROM holds WHERE expires_at <= ?', now)
    const next = sql.exec<{ at: number | null }>('SELECT MIN(expires_at) AS at FROM holds').one().at
    this.alarmSet = next !== null
    if (next !== null) await this.ctx.storage.setAlarm(next)
  }
}

/** One shopper's cart, orders (keyed by idempotency key) and outbox. */
export class FloorShopper extends DurableObject<Env> {
  /** Outbox rows sent and not yet deleted: deleted with the next write, as the shop does. */
  private sent: number[] = []
  private alarmAt: number | null = null

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    void ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec(`
        CREATE TABLE IF NOT EXISTS cart (sku TEXT PRIMARY KEY, quantity INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS orders (
          key TEXT PRIMARY KEY, id TEXT NOT NULL, body TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY, body TEXT NOT NULL);`)
      this.alarmAt = await ctx.storage.getAlarm()
    })
  }

  putCart(sku: string, quantity: number): void {
    this.ctx.storage.sql.exec(
      'INSERT INTO cart (sku, quantity) VALUES (?, ?) ON CONFLICT (sku) DO UPDATE SET quantity = excluded.quantity',
      sku,
      quantity,
    )
  }

  /** 201 with the order (the stored one for a repeated key), or 409 when the SKU is short. */
  async checkout(
    shopper: string,
    key: string,
    sku: string,
    quantity: number,
  ): Promise<{ status: 201 | 409; body: string }> {
    const sql = this.ctx.storage.sql
    const prior = sql
      .exec<{ body: string }>('SELECT body FROM orders WHERE key = ?', key)
      .toArray()[0]
    if (prior) return { status: 201, body: prior.body }
    const id = crypto.randomUUID()
    if (!(await this.env.FLOOR_SKU.getByName(sku).reserve(id, quantity)))
      return { status: 409, body: '{"error":{"code":"insufficient_stock"}}' }
    const now = Date.now()
    const body = JSON.stringify({
      id,
      shopper,
      status: 'pending_payment',
      lines: [{ sku, quantity }],
      createdAt: now,
      expiresAt: now + HOLD_MS,
    })
    const seq = this.ctx.storage.transactionSync(() => {
      for (const sent of this.sent.splice(0)) sql.exec('DELETE FROM outbox WHERE seq = ?', sent)
      sql.exec('INSERT INTO orders (key, id, body) VALUES (?, ?, ?)', key, id, body)
      return sql
        .exec<{ seq: number }>('INSERT INTO outbox (body) VALUES (?) RETURNING seq', body)
        .one().seq
    })
    if (this.alarmAt === null) {
      this.alarmAt = now + HOLD_MS
      await this.ctx.storage.setAlarm(this.alarmAt)
    }
    // After the answer, as the shop's outbox does; the row stays until the send has worked.
    this.ctx.waitUntil(this.send(seq, body))
    return { status: 201, body }
  }

  private async send(seq: number, body: string): Promise<void> {
    await this.env.FLOOR_EVENTS.send(JSON.parse(body), { contentType: 'json' })
    this.sent.push(seq)
  }

  /** Sends what an earlier instance left in the outbox. */
  override async alarm(): Promise<void> {
    const rows = this.ctx.storage.sql
      .exec<{ seq: number; body: string }>('SELECT seq, body FROM outbox')
      .toArray()
    if (rows.length > 0)
      await this.env.FLOOR_EVENTS.sendBatch(
        rows.map((r) => ({ body: JSON.parse(r.body) as unknown, contentType: 'json' as const })),
      )
    for (const r of rows) this.ctx.storage.sql.exec('DELETE FROM outbox WHERE seq = ?', r.seq)
    this.alarmAt = null
  }
}

const json = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'application/json' } })

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url)
    const [, floor, what, name = ''] = pathname.split('/')
    if (floor !== 'floor') return json(404, '{"error":{"code":"not_found"}}')
    const shopper = request.headers.get('x-shopper') ?? ''
    if (what === 'orders' && request.method === 'POST') {
      const key = request.headers.get('idempotency-key') ?? ''
      const { sku, quantity } = (await request.json()) as { sku?: unknown; quantity?: unknown }
      if (!shopper || !key || typeof sku !== 'string' || !Number.isInteger(quantity))
        return json(400, '{"error":{"code":"validation_failed"}}')
      const answer = await env.FLOOR_SHOPPER.getByName(shopper).checkout(
        shopper,
        key,
        sku,
        quantity as number,
      )
      return json(answer.status, answer.body)
    }
    if (what === 'cart' && request.method === 'PUT' && shopper) {
      await env.FLOOR_SHOPPER.getByName(shopper).putCart(decodeURIComponent(name), 1)
      return json(200, '{}')
    }
    if (what === 'stock' && name) {
      const item = env.FLOOR_SKU.getByName(decodeURIComponent(name))
      const units = request.method === 'PUT' ? Number(await request.text()) : undefined
      const available = units === undefined ? await item.available() : await item.setStock(units)
      return json(200, JSON.stringify({ available }))
    }
    return json(404, '{"error":{"code":"not_found"}}')
  },

  /** Archives each order once: a redelivered event changes nothing. */
  async queue(batch: MessageBatch<{ id: string }>, env: Env): Promise<void> {
    const insert = env.FLOOR_DB.prepare(
      'INSERT INTO floor_orders (id, body) VALUES (?, ?) ON CONFLICT (id) DO NOTHING',
    )
    await env.FLOOR_DB.batch(
      batch.messages.map((m) => insert.bind(m.body.id, JSON.stringify(m.body))),
    )
    batch.ackAll()
  },
}
