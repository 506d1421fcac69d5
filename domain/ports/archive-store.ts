/** @module The order archive in the system of record: orders, their lines and their events. */
import type { OrderEvent } from '../orders/events'
import type { Order, OrderLine, OrderStatus } from '../orders/order'

/** An order as the archive holds it: the latest version it has seen, with its lines. */
export interface ArchivedOrder {
  id: string
  userId: string
  status: OrderStatus
  currency: string
  totalMinor: number
  version: number
  createdAt: number
  updatedAt: number
  expiresAt: number | null
  /** The order's contact email, else its account's (null when neither is known). */
  email: string | null
  /** Σ refunds so far. */
  refundedMinor: number
  lines: OrderLine[]
  /** Who to tell and where it ships; null for orders placed without them. */
  contact: Order['contact']
  shippingAddress: Order['shippingAddress']
  billingAddress: Order['billingAddress']
  /** The breakdown the order was placed with; null for orders archived before breakdowns. */
  totals: Order['totals'] | null
}

/** One page of a shopper's orders, newest first. */
export interface ArchivedOrderPage {
  items: ArchivedOrder[]
  nextCursor: string | null
}

/** What `listOrders` (the admin listing) filters on; `cursor` continues a previous page. */
export interface ArchiveListQuery {
  limit: number
  cursor?: string
  status?: OrderStatus
  /** An order id (or its start, 6+ hex digits) or part of an email (the order's or its account's). */
  q?: string
}

/** One customer (an account) with what the archive knows of their orders. */
export interface CustomerSummary {
  userId: string
  email: string
  createdAt: number
  /** Orders that were paid (paid, fulfilled or refunded, wholly or in part). */
  orders: number
  /** Σ paid totals − Σ refunds of those orders. */
  spentMinor: number
  refundedMinor: number
  lastOrderAt: number | null
}

/** One page of customers, newest account first. */
export interface CustomerPage {
  items: CustomerSummary[]
  nextCursor: string | null
}

/** Statuses whose orders count as bought (order count and spend). */
export const BOUGHT_STATUSES = ['paid', 'fulfilled', 'refunded'] as const

/** Largest page `listOrdersByUser` and `listOrders` return; larger limits are clamped to it. */
export const MAX_ARCHIVE_PAGE = 50

/** The archive the consumer writes and history reads come from. */
export interface ArchiveStore {
  /**
   * Records one order event: the order row moves to the event's version only when that is newer
   * than what is stored, lines are written once, and the event is kept once by its id and once per
   * (order, version). A redelivered or older event changes nothing that a newer one wrote.
   */
  applyOrderEvent(event: OrderEvent): Promise<void>
  /**
   * Records several order events as `applyOrderEvent` records each, in one transaction: all of
   * them or none. Their order does not matter, and two versions of one order may come together.
   * The consumer archives a queue batch with it: one commit (one round trip on PlanetScale)
   * instead of one per message.
   */
  applyOrderEvents(events: readonly OrderEvent[]): Promise<void>
  /** The archived order, or null. */
  getOrder(id: string): Promise<ArchivedOrder | null>
  /**
   * A shopper's orders, newest first; pass the previous page's `nextCursor` to continue.
   * AppError `validation_failed` for a cursor this store did not issue.
   */
  listOrdersByUser(userId: string, limit: number, cursor?: string): Promise<ArchivedOrderPage>
  /**
   * Every shopper's orders, newest first, optionally of one status (the admin listing).
   * AppError `validation_failed` for a cursor this store did not issue.
   */
  listOrders(query: ArchiveListQuery): Promise<ArchivedOrderPage>
  /**
   * Customers (accounts of the shopper role), newest first, optionally those whose email contains
   * `q`, with their paid orders' count and spend. AppError `validation_failed` for a bad cursor.
   */
  listCustomers(query: { limit: number; cursor?: string; q?: string }): Promise<CustomerPage>
  /** One customer's summary, or null when there is no such account. */
  getCustomer(userId: string): Promise<CustomerSummary | null>
  /** The archived version of each of these orders that the archive holds (absent ones left out). */
  archivedVersions(ids: readonly string[]): Promise<Map<string, number>>
  /** How many orders the archive holds. */
  countOrders(): Promise<number>
  /** The events archived for an order, by version: its history as the consumer received it. */
  getOrderEvents(orderId: string): Promise<OrderEvent[]>
  /**
   * Replaces `userId` with `pseudonym` in the user's archived orders and their events, in one
   * transaction (account deletion: the orders stay for the books, nobody can tie them to the
   * person). Returns how many orders it changed.
   */
  anonymiseUser(userId: string, pseudonym: string): Promise<number>
}
