/** @module The shopper's cart: lines in the order they were first added, no stock held. */
import { AppError } from '#domain/errors'
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from './limits'

/** One line of a cart; prices are not kept here, they are read at checkout. */
export interface CartItem {
  sku: string
  quantity: number
}

/** The cart as callers see it. */
export interface CartView {
  items: CartItem[]
  updatedAt: number | null
}

const SKU = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export function assertSku(sku: unknown): asserts sku is string {
  if (typeof sku !== 'string' || !SKU.test(sku))
    throw new AppError(
      'validation_failed',
      'sku must be 1-64 letters, digits, dot, underscore or hyphen',
    )
}

/** The lines in the order they were added. */
export function readCart(sql: SqlStorage): CartView {
  const items = sql
    .exec<{ sku: string; quantity: number; updated_at: number }>(
      'SELECT sku, quantity, updated_at FROM cart_items ORDER BY position',
    )
    .toArray()
  return {
    items: items.map(({ sku, quantity }) => ({ sku, quantity })),
    updatedAt: items.length ? Math.max(...items.map((i) => i.updated_at)) : null,
  }
}

/** Sets a line's quantity (0 removes it); run inside a transaction. */
export function setCartItem(sql: SqlStorage, sku: string, quantity: number): void {
  assertSku(sku)
  if (!Number.isSafeInteger(quantity) || quantity < 0 || quantity > MAX_LINE_QUANTITY)
    throw new AppError('validation_failed', `quantity must be 0..${MAX_LINE_QUANTITY}`)
  if (quantity === 0) {
    removeCartItems(sql, [sku])
    return
  }
  const exists = sql.exec('SELECT 1 FROM cart_items WHERE sku = ?', sku).toArray().length
  const lines = sql.exec<{ n: number }>('SELECT count(*) AS n FROM cart_items').one().n
  if (!exists && lines >= MAX_CART_LINES)
    throw new AppError('validation_failed', `a cart holds at most ${MAX_CART_LINES} lines`)
  sql.exec(
    `INSERT INTO cart_items (sku, quantity, position, updated_at)
     VALUES (?, ?, (SELECT coalesce(max(position), 0) + 1 FROM cart_items), ?)
     ON CONFLICT (sku) DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at`,
    sku,
    quantity,
    Date.now(),
  )
}

/** Removes these SKUs' lines; SKUs are unique without regard to case, so they match that way. */
export function removeCartItems(sql: SqlStorage, skus: readonly string[]): void {
  for (const sku of skus) sql.exec('DELETE FROM cart_items WHERE upper(sku) = upper(?)', sku)
}

export function clearCart(sql: SqlStorage): void {
  sql.exec('DELETE FROM cart_items')
}
