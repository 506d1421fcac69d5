/** @module An order and its lines: types, zod schemas and how a new order is built. */
import { z } from 'zod'
import { Address, Email, Phone } from '../address/address'
import { AppError } from '../errors'
import type { Totals } from '../totals/totals'
import { TotalsSchema } from './order-totals'

/** Every status an order can be in; see transitions.ts for the moves between them. */
export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'fulfilled',
  'cancelled',
  'expired',
  'refunded',
] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

/** Money columns of the archive are 32-bit signed integers. */
export const MAX_MINOR = 2_147_483_647
export const MAX_ORDER_LINES = 50

/** A line as the caller prices it from the catalog before checkout. */
export const PricedLine = z.strictObject({
  sku: z.string().min(1).max(64),
  productId: z.string().min(1).max(36),
  title: z.string().min(1).max(200),
  unitPriceMinor: z.number().int().min(0).max(MAX_MINOR),
  quantity: z.number().int().min(1).max(999),
})
export type PricedLine = z.infer<typeof PricedLine>

/** A line of a placed order; its total is computed here, never taken from the caller. */
export const OrderLine = PricedLine.extend({
  lineTotalMinor: z.number().int().min(0).max(MAX_MINOR),
})
export type OrderLine = z.infer<typeof OrderLine>

// --- Refunds (issue 16 point 8): what the order keeps of each refund. Kept apart from the rest
// of the order so it merges cleanly; the rules are in refunds.ts.

/** One refund of an order: money back, and the units it covers when given by line. */
export const OrderRefund = z.strictObject({
  /** The client-supplied refund id: each id refunds once. */
  id: z.string().min(1).max(64),
  amountMinor: z.number().int().min(1).max(MAX_MINOR),
  lines: z
    .array(
      z.strictObject({
        sku: z.string().min(1).max(64),
        productId: z.string().min(1).max(36),
        quantity: z.number().int().min(1).max(999),
      }),
    )
    .max(MAX_ORDER_LINES),
  reason: z.string().max(200).nullable(),
  /** The payment provider's id of the refund. */
  providerRefundId: z.string().min(1).max(128),
  /** Hash of the request, so the same id with another body is refused. */
  requestHash: z.string().min(1).max(128),
  createdAt: z.number().int(),
})
export type OrderRefund = z.infer<typeof OrderRefund>
// --- end refunds

/** Who to tell about the order. */
export const OrderContact = z.strictObject({ email: Email, phone: Phone.optional() })
export type OrderContact = z.infer<typeof OrderContact>

const OrderFields = z.strictObject({
  /** The Order object's id (64 hex digits), so a later read can address the object directly. */
  id: z.string().min(1).max(64),
  userId: z.string().min(1).max(36),
  status: z.enum(ORDER_STATUSES),
  currency: z.string().regex(/^[A-Z]{3}$/),
  lines: z.array(OrderLine).min(1).max(MAX_ORDER_LINES),
  /** What the shopper pays: always `totals.totalMinor`. */
  totalMinor: z.number().int().min(0).max(MAX_MINOR),
  /** Starts at 1 and grows by one with every state change; archives keep the highest. */
  version: z.number().int().min(1),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  /** When an unpaid order's reservations lapse. */
  expiresAt: z.number().int(),
  paymentId: z.string().min(1).max(128).nullable(),
  /** Refunds so far, oldest first (absent on orders never refunded by line or amount). */
  refunds: z.array(OrderRefund).max(100).optional(),
  /** Σ refunds' amounts; the order is `refunded` once it equals `totalMinor`. */
  refundedMinor: z.number().int().min(0).max(MAX_MINOR).optional(),
  /** Null only for an order of a store that ships nothing (no shipping zones) placed without one. */
  contact: OrderContact.nullable(),
  shippingAddress: Address.nullable(),
  billingAddress: Address.nullable(),
  /** The breakdown the order was placed with: lines net/tax/gross, discounts, shipping, tax, total. */
  totals: TotalsSchema,
})

/**
 * The full order snapshot, as the shopper's object keeps it and as every order event carries it.
 * An order written before totals existed (an event still queued at an upgrade) reads with its
 * lines as an untaxed breakdown and no contact.
 */
export const Order = z.preprocess(
  (raw) => {
    if (!raw || typeof raw !== 'object' || 'totals' in raw) return raw
    const o = raw as { currency?: unknown; lines?: unknown }
    const lines = Array.isArray(o.lines) ? (o.lines as PricedLine[]) : []
    return {
      contact: null,
      shippingAddress: null,
      billingAddress: null,
      ...raw,
      totals: typeof o.currency === 'string' ? untaxedTotals(o.currency, lines) : undefined,
    }
  },
  OrderFields.refine((o) => o.totalMinor === o.totals.totalMinor, {
    message: 'totalMinor must be the total of the breakdown',
    path: ['totalMinor'],
  }),
)
export type Order = z.infer<typeof Order>

/** What a new order is made from. */
export interface NewOrder {
  id: string
  userId: string
  currency: string
  lines: readonly PricedLine[]
  now: number
  expiresAt: number
  /** The breakdown from domain/totals' computeTotals; without one the lines are untaxed and undiscounted. */
  totals?: Totals
  contact?: OrderContact | null
  shippingAddress?: Address | null
  billingAddress?: Address | null
}

/** Builds an order awaiting payment, at version 1, with line and order totals computed. */
export function createOrder(input: NewOrder): Order {
  const skus = new Set(input.lines.map((l) => l.sku))
  if (skus.size !== input.lines.length)
    throw new AppError('validation_failed', 'each SKU may appear on one line only')
  const lines = input.lines.map((l) => ({ ...l, lineTotalMinor: l.unitPriceMinor * l.quantity }))
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotalMinor, 0)
  if (subtotal > MAX_MINOR) throw new AppError('validation_failed', 'order total is too large')
  const totals = input.totals ?? untaxedTotals(input.currency, input.lines)
  if (
    totals.lines.length !== lines.length ||
    totals.lines.some((t, i) => t.sku !== lines[i]?.sku || t.quantity !== lines[i]?.quantity)
  )
    throw new AppError('validation_failed', 'the breakdown does not price these lines')
  const totalMinor = totals.totalMinor
  return Order.parse({
    id: input.id,
    userId: input.userId,
    status: 'pending_payment',
    currency: input.currency,
    lines,
    totalMinor,
    version: 1,
    createdAt: input.now,
    updatedAt: input.now,
    expiresAt: input.expiresAt,
    paymentId: null,
    contact: input.contact ?? null,
    shippingAddress: input.shippingAddress ?? null,
    billingAddress: input.billingAddress ?? null,
    totals,
  })
}

/**
 * The breakdown of lines sold with no tax, discount or shipping: each line's gross is its
 * subtotal. What an order placed without store settings (and an order from before totals) shows.
 */
export function untaxedTotals(currency: string, lines: readonly PricedLine[]): Totals {
  const priced = lines.map((l) => {
    const amount = l.unitPriceMinor * l.quantity
    return {
      sku: l.sku,
      productId: l.productId,
      title: l.title,
      unitPriceMinor: l.unitPriceMinor,
      quantity: l.quantity,
      taxClass: 'standard' as const,
      subtotalMinor: amount,
      discountMinor: 0,
      taxRatePpm: 0,
      netMinor: amount,
      taxMinor: 0,
      grossMinor: amount,
    }
  })
  const total = priced.reduce((a, l) => a + l.grossMinor, 0)
  return {
    currency,
    pricesIncludeTax: false,
    lines: priced,
    subtotalMinor: total,
    discountMinor: 0,
    discounts: [],
    shipping: null,
    weightGrams: 0,
    taxMinor: 0,
    totalMinor: total,
  }
}
