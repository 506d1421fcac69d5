/** @module How an order event maps to archive rows and back, the same for every database. */
import { AppError } from '../errors'
import type { ArchivedOrder } from '../ports/archive-store'
import type { OrderEvent } from './events'
import type { Order, OrderLine, OrderStatus } from './order'

/** The columns of the `orders` table. */
export interface OrderRowValues {
  id: string
  userId: string
  status: string
  currency: string
  totalMinor: number
  version: number
  createdAt: number
  updatedAt: number
  expiresAt: number | null
  /** The order's contact email, when it carries one. */
  email: string | null
  refundedMinor: number
  /** JSON columns; null for orders archived before checkout took them. */
  contact: Order['contact']
  shippingAddress: Order['shippingAddress']
  billingAddress: Order['billingAddress']
  totals: Order['totals'] | null
}

/** The columns of an `order_lines` row. */
export type OrderLineRowValues = OrderLine & { orderId: string; lineNo: number }

/** The contact email another part of checkout may put on the order (`contact.email`), or null. */
function contactEmail(order: OrderEvent['data']): string | null {
  const email = (order as { contact?: { email?: unknown } }).contact?.email
  return typeof email === 'string' && email.length <= 254 ? email.toLowerCase() : null
}

/** The rows one event writes. */
export function archiveRows(event: OrderEvent) {
  const o = event.data
  const order: OrderRowValues = {
    id: o.id,
    userId: o.userId,
    status: o.status,
    currency: o.currency,
    totalMinor: o.totalMinor,
    version: o.version,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    expiresAt: o.expiresAt,
    email: contactEmail(o),
    refundedMinor: o.refundedMinor ?? 0,
    contact: o.contact,
    shippingAddress: o.shippingAddress,
    billingAddress: o.billingAddress,
    totals: o.totals,
  }
  const lines: OrderLineRowValues[] = o.lines.map((l, i) => ({
    ...l,
    orderId: o.id,
    lineNo: i + 1,
  }))
  const orderEvent = {
    id: event.id,
    orderId: o.id,
    version: o.version,
    type: event.type,
    payload: event,
    occurredAt: Date.parse(event.occurredAt),
  }
  return { order, lines, event: orderEvent }
}

/** An `orders` row as drizzle reads it back: the JSON columns untyped (MySQL may give their text). */
export type StoredOrderRow = Omit<
  OrderRowValues,
  'contact' | 'shippingAddress' | 'billingAddress' | 'totals'
> & { contact: unknown; shippingAddress: unknown; billingAddress: unknown; totals: unknown }

// Written by archiveRows from a parsed order, so the shape is trusted once the text is parsed.
function jsonColumn<T>(value: unknown): T | null {
  const parsed = typeof value === 'string' ? JSON.parse(value) : value
  return (parsed ?? null) as T | null
}

/** Joins an order row with its line rows (any order) into an archived order. */
export function assembleOrder(
  row: StoredOrderRow & { accountEmail?: string | null },
  lines: readonly OrderLineRowValues[],
): ArchivedOrder {
  const { accountEmail, ...columns } = row
  return {
    ...columns,
    email: row.email ?? accountEmail ?? null,
    contact: jsonColumn<Order['contact']>(row.contact),
    shippingAddress: jsonColumn<Order['shippingAddress']>(row.shippingAddress),
    billingAddress: jsonColumn<Order['billingAddress']>(row.billingAddress),
    totals: jsonColumn<Order['totals']>(row.totals),
    status: row.status as OrderStatus,
    lines: [...lines]
      .filter((l) => l.orderId === row.id)
      .sort((a, b) => a.lineNo - b.lineNo)
      .map(({ orderId: _o, lineNo: _n, ...line }) => line),
  }
}

/** Position after which the next page of a newest-first listing starts. */
export interface OrderCursor {
  createdAt: number
  id: string
}

/** An opaque cursor for the last order of a page. */
export function encodeCursor(c: OrderCursor): string {
  return `${c.createdAt.toString(36)}.${c.id}`
}

/** Reads a cursor; AppError `validation_failed` when it was not made by encodeCursor. */
export function decodeCursor(cursor: string): OrderCursor {
  const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9:_-]{1,64})$/.exec(cursor)
  const createdAt = match ? Number.parseInt(match[1] as string, 36) : Number.NaN
  if (!match || !Number.isSafeInteger(createdAt))
    throw new AppError('validation_failed', 'malformed cursor')
  return { createdAt, id: match[2] as string }
}

/** Clamps a page size to 1..max. */
export function pageSize(limit: number, max: number): number {
  return Math.min(max, Math.max(1, Math.floor(Number.isFinite(limit) ? limit : 1)))
}

/** What an admin search term matches: part of an email, and an order id's start when it can be one. */
export function orderSearch(q: string): { email: string; idPrefix: string | null } {
  const term = q.trim().toLowerCase()
  return { email: term, idPrefix: /^[0-9a-f]{6,64}$/.test(term) ? term : null }
}
