/** @module Cart: one shopper's cart, one object per shopper by name. */
import { DurableObject } from 'cloudflare:workers'
import { AppError } from '#domain/errors'
import { meterEnv, meterStorage } from '#objects/shared/ops-meter'
import { type Reply, reply } from '../shared/reply'
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from './limits'
import {
  forgetOrders,
  isOrderId,
  type LiveOrderRef,
  liveOrders,
  migrateLiveOrders,
  trackOrder,
} from './live-orders'

/** One line of a cart; prices are not kept here, they are read from the catalog at checkout. */
export interface CartItem {
  sku: string
  quantity: number
}

/** The cart as callers see it. */
export interface CartView {
  items: CartItem[]
  updatedAt: number | null
}

export { MAX_CART_LINES, MAX_LINE_QUANTITY }

const SKU = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/**
 * A shopper's cart. Stock is not reserved here: only checkout reserves, so an abandoned cart
 * never holds units. It also keeps the ids of the shopper's orders that the archive may not hold
 * yet (live-orders.ts): the one object per shopper is the natural home of a per-shopper index,
 * and it saves a Durable Object class of its own.
 */
export class Cart extends DurableObject {
  private readonly sql: SqlStorage

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, meterEnv(env) as never)
    meterStorage(ctx, env, 'Cart', this)
    this.sql = ctx.storage.sql
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS items (
          sku TEXT PRIMARY KEY, quantity INTEGER NOT NULL CHECK (quantity > 0),
          position INTEGER NOT NULL, updated_at INTEGER NOT NULL);`)
      migrateLiveOrders(this.sql)
    })
  }

  /** Sets a line's quantity (0 removes it); the cart keeps the order lines were first added. */
  setItem(sku: string, quantity: number): Promise<Reply<CartView>> {
    return reply(() => {
      assertSku(sku)
      if (!Number.isSafeInteger(quantity) || quantity < 0 || quantity > MAX_LINE_QUANTITY)
        throw new AppError('validation_failed', `quantity must be 0..${MAX_LINE_QUANTITY}`)
      if (quantity === 0) return this.removeLine(sku)
      this.ctx.storage.transactionSync(() => {
        const exists = this.sql.exec('SELECT 1 FROM items WHERE sku = ?', sku).toArray().length
        const lines = this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM items').one().n
        if (!exists && lines >= MAX_CART_LINES)
          throw new AppError('validation_failed', `a cart holds at most ${MAX_CART_LINES} lines`)
        this.sql.exec(
          `INSERT INTO items (sku, quantity, position, updated_at)
           VALUES (?, ?, (SELECT coalesce(max(position), 0) + 1 FROM items), ?)
           ON CONFLICT (sku) DO UPDATE SET quantity = excluded.quantity,
             updated_at = excluded.updated_at`,
          sku,
          quantity,
          Date.now(),
        )
      })
      return this.get()
    })
  }

  /** Removes a line; removing a line that is not there changes nothing. */
  removeItem(sku: string): Promise<Reply<CartView>> {
    return reply(() => {
      assertSku(sku)
      return this.removeLine(sku)
    })
  }

  /** The lines in the order they were added. */
  get(): CartView {
    const items = this.sql
      .exec<{ sku: string; quantity: number; updated_at: number }>(
        'SELECT sku, quantity, updated_at FROM items ORDER BY position',
      )
      .toArray()
    return {
      items: items.map(({ sku, quantity }) => ({ sku, quantity })),
      updatedAt: items.length ? Math.max(...items.map((i) => i.updated_at)) : null,
    }
  }

  /** Empties the cart (after checkout, or on request). */
  clear(): CartView {
    this.sql.exec('DELETE FROM items')
    return this.get()
  }

  /** Removes the lines of these SKUs (the ones just ordered), keeping lines added meanwhile. */
  removeItems(skus: string[]): Promise<Reply<CartView>> {
    return reply(() => {
      if (!Array.isArray(skus) || skus.length > MAX_CART_LINES)
        throw new AppError('validation_failed', `at most ${MAX_CART_LINES} SKUs`)
      for (const sku of skus) assertSku(sku)
      this.ctx.storage.transactionSync(() => {
        for (const sku of skus) this.sql.exec('DELETE FROM items WHERE upper(sku) = upper(?)', sku)
      })
      return this.get()
    })
  }

  /** Adds an order to the shopper's live orders; repeating it changes nothing. */
  trackOrder(ref: LiveOrderRef): Promise<Reply<void>> {
    return reply(() => {
      if (!isOrderId(ref?.id) || !Number.isSafeInteger(ref.createdAt))
        throw new AppError('validation_failed', 'not an order reference')
      trackOrder(this.sql, { id: ref.id, createdAt: ref.createdAt })
    })
  }

  /** The shopper's live orders, newest first. */
  liveOrders(): LiveOrderRef[] {
    return liveOrders(this.sql)
  }

  /** Forgets live orders the archive now holds. */
  forgetOrders(ids: string[]): void {
    if (Array.isArray(ids)) forgetOrders(this.sql, ids.filter(isOrderId))
  }

  private removeLine(sku: string): CartView {
    // SKUs are unique without regard to case in the catalog, so they are removed that way too.
    this.sql.exec('DELETE FROM items WHERE upper(sku) = upper(?)', sku)
    return this.get()
  }
}

function assertSku(sku: string) {
  if (typeof sku !== 'string' || !SKU.test(sku))
    throw new AppError(
      'validation_failed',
      'sku must be 1-64 letters, digits, dot, underscore or hyphen',
    )
}
