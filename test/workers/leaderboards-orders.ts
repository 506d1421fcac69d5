/** @module Test helpers: `order.paid` events of a known set of orders, and what they must rank. */
import { leaderboardKey } from '#domain/counting/keys'
import { type OrderEvent, orderEvent } from '#domain/orders/events'
import { createOrder, type PricedLine } from '#domain/orders/order'
import type { RankedEntry } from '#domain/ports/counters'

/** A paid order's `order.paid` event, as the Order object's outbox would send it. */
export function paidEvent(userId: string, lines: PricedLine[], paidAt: number): OrderEvent {
  const placed = createOrder({
    id: crypto.randomUUID().replaceAll('-', ''),
    userId,
    currency: 'EUR',
    lines,
    now: paidAt - 60_000,
    expiresAt: paidAt + 15 * 60_000,
  })
  const paid = {
    ...placed,
    status: 'paid' as const,
    version: 2,
    updatedAt: paidAt,
    paymentId: `pay-${placed.id}`,
  }
  return orderEvent(paid, `evt-${placed.id}`)
}

/** The `order.refunded` event of a paid order's event, refunded at `at`. */
export function refundedEvent(paid: OrderEvent, at: number): OrderEvent {
  const order = { ...paid.data, status: 'refunded' as const, version: 3, updatedAt: at }
  return orderEvent(order, `evt-refund-${order.id}`)
}

/**
 * Three orders on two UTC days, over products and users unique to this call. `expected` is what
 * the boards must hold after each order counted exactly once.
 */
export function paidOrdersScenario() {
  const tag = crypto.randomUUID().slice(0, 8)
  const [p1, p2, p3] = ['p1', 'p2', 'p3'].map((p) => `${p}-${tag}`) as [string, string, string]
  const [u1, u2] = ['u1', 'u2'].map((u) => `${u}-${tag}`) as [string, string]
  // A day of its own, so a day board holds only this scenario even in a store that outlives runs.
  const day1 = Date.UTC(2001, 0, 1) + Math.floor(Math.random() * 30_000) * 86_400_000 + 3_600_000
  const day2 = day1 + 86_400_000
  const line = (productId: string, sku: string, unitPriceMinor: number, quantity: number) => ({
    sku: `${sku}-${tag}`,
    productId,
    title: sku,
    unitPriceMinor,
    quantity,
  })
  // a: 2×p1 (one variant) + 1×p1 (another) + 1×p2 = 3700; b: 3×p2 + 1×p3 = 10500; c: 1×p3 = 9000.
  const a = paidEvent(
    u1,
    [line(p1, 'p1-s', 1000, 2), line(p1, 'p1-m', 1200, 1), line(p2, 'p2', 500, 1)],
    day1,
  )
  const b = paidEvent(u2, [line(p2, 'p2', 500, 3), line(p3, 'p3', 9000, 1)], day1 + 60_000)
  const c = paidEvent(u1, [line(p3, 'p3', 9000, 1)], day2)
  const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10)
  return {
    events: { a, b, c },
    members: new Set([p1, p2, p3, u1, u2]),
    days: [dayOf(day1), dayOf(day2)] as const,
    expected: {
      [leaderboardKey('bestsellers', { period: 'day', day: dayOf(day1) })]: [
        { member: p2, score: 4 },
        { member: p1, score: 3 },
        { member: p3, score: 1 },
      ],
      [leaderboardKey('bestsellers', { period: 'day', day: dayOf(day2) })]: [
        { member: p3, score: 1 },
      ],
      [leaderboardKey('bestsellers', { period: 'all' })]: [
        { member: p2, score: 4 },
        { member: p1, score: 3 },
        { member: p3, score: 2 },
      ],
      [leaderboardKey('spend', { period: 'all' })]: [
        { member: u1, score: 12_700 },
        { member: u2, score: 10_500 },
      ],
    } satisfies Record<string, RankedEntry[]>,
  }
}

/** The entries that belong to `members`, in the board's order (a shared store holds others). */
export function only(members: Set<string>, entries: RankedEntry[]): RankedEntry[] {
  return entries.filter((e) => members.has(e.member))
}
