/** @module Placing an order: the request the Order object accepts and the answers it stores. */
import { z } from 'zod'
import { MAX_ORDER_LINES, type Order, PricedLine } from './order'

/** What the caller sends to place an order; lines are already priced from the catalog. */
export const PlaceOrderInput = z.strictObject({
  userId: z.string().min(1).max(36),
  idempotencyKey: z.string().min(1).max(255),
  /** A digest of the request body: the same key with another body is refused. */
  requestHash: z.string().min(1).max(128),
  lines: z.array(PricedLine).min(1).max(MAX_ORDER_LINES),
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** How long the reservations hold without payment (RESERVATION_TTL_SECONDS). */
  ttlSeconds: z.number().int().min(1).max(86_400),
})
export type PlaceOrderInput = z.infer<typeof PlaceOrderInput>

/** A SKU that could not be reserved in full. */
export interface Shortfall {
  sku: string
  requested: number
  available: number
}

/** A SKU whose per-customer purchase limit refused the line. */
export interface SkuLimit {
  sku: string
  requested: number
  perCustomer: number
  /** Units the shopper already holds or bought under the limit. */
  used: number
}

/**
 * The stored answer to a placement, returned again for every retry with the same key and body.
 * `insufficient_stock` maps to 409; `placement_expired` (the saga could not finish before its
 * reservations lapsed, and nothing is held any more) also maps to 409. `discount_refused`: a
 * code's object granted no use (its limit reached, the customer's limit, its window closed).
 */
export type PlaceResult =
  | { ok: true; order: Order }
  | { ok: false; code: 'insufficient_stock'; shortfalls: Shortfall[] }
  | { ok: false; code: 'placement_expired' }
  | { ok: false; code: 'purchase_limit'; limits: SkuLimit[] }
  | { ok: false; code: 'discount_refused'; refusals: { code: string; reason: string }[] }
