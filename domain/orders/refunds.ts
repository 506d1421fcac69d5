/**
 * @module Partial refunds by line or by amount: what a refund request may ask, how much each
 * refunded unit gives back, and the order after the refund. A partially refunded order keeps its
 * status (`paid` or `fulfilled`: it may still ship); it becomes `refunded` once the whole paid
 * total is back. Every refund is a versioned change of the order and one `order.refunded` event.
 */
import { z } from 'zod'
import { AppError } from '../errors'
import { MAX_MINOR, MAX_ORDER_LINES, type Order, type OrderRefund } from './order'

/** What staff send: lines, an amount, or both (lines say which units; the amount overrides their price). */
export const RefundRequest = z
  .strictObject({
    refundId: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - only, at most 64'),
    lines: z
      .array(
        z.strictObject({
          sku: z.string().min(1).max(64),
          quantity: z.number().int().min(1).max(999),
        }),
      )
      .min(1)
      .max(MAX_ORDER_LINES)
      .optional(),
    amountMinor: z.number().int().min(1).max(MAX_MINOR).optional(),
    reason: z.string().trim().min(1).max(200).optional(),
  })
  .refine((r) => r.lines !== undefined || r.amountMinor !== undefined, {
    message: 'give lines, an amountMinor, or both',
  })
  .refine((r) => new Set(r.lines?.map((l) => l.sku)).size === (r.lines?.length ?? 0), {
    message: 'each SKU may appear on one line only',
  })
export type RefundRequest = z.infer<typeof RefundRequest>

/** Statuses a refund may be taken from: paid money, not yet wholly given back. */
export const REFUNDABLE: ReadonlySet<Order['status']> = new Set(['paid', 'fulfilled'])

/** The line breakdown other code may add to an order (domain/totals): a line's gross after discounts. */
interface WithTotals {
  totals?: { lines?: readonly { sku: string; grossMinor: number }[] }
}

/** What a line was paid in all: its gross after discounts when the order has totals, else its total. */
export function linePaidMinor(order: Order, sku: string): number {
  const priced = (order as Order & WithTotals).totals?.lines?.find((l) => l.sku === sku)
  const line = order.lines.find((l) => l.sku === sku)
  return priced?.grossMinor ?? line?.lineTotalMinor ?? 0
}

/** Units of `sku` refunded by the order's refunds so far. */
export function refundedUnits(order: Order, sku: string): number {
  let n = 0
  for (const r of order.refunds ?? []) for (const l of r.lines) if (l.sku === sku) n += l.quantity
  return n
}

/**
 * What `quantity` more units of a line give back when `already` were refunded: the line's paid
 * amount split by units, rounded down per cumulative step, so refunding every unit of a line, in
 * any number of refunds, gives back exactly what the line was paid.
 */
export function unitsRefundMinor(paid: number, ordered: number, already: number, quantity: number) {
  return (
    Math.floor((paid * (already + quantity)) / ordered) - Math.floor((paid * already) / ordered)
  )
}

/** The refund decided for a request, before the provider gave it an id. */
export type PlannedRefund = Omit<OrderRefund, 'providerRefundId'>

/**
 * Decides a new refund, or finds it already made: `{replay}` when this id was refunded with the
 * same request (the stored refund is the answer). Refusals: `idempotency_key_reused` (422) for
 * the id with another request, `invalid_transition` (409) for an order not paid or already fully
 * refunded, `validation_failed` (400) for a SKU not on the order, `refund_exceeds_order` (422)
 * for more units than ordered and not yet refunded, or more money than paid and not yet refunded.
 */
export function planRefund(
  order: Order,
  request: RefundRequest,
  requestHash: string,
  now: number,
): { replay: OrderRefund } | { refund: PlannedRefund } {
  const earlier = order.refunds?.find((r) => r.id === request.refundId)
  if (earlier) {
    if (earlier.requestHash !== requestHash)
      throw new AppError(
        'idempotency_key_reused',
        'this refund id was used for another refund request',
        { refundId: request.refundId },
      )
    return { replay: earlier }
  }
  if (!REFUNDABLE.has(order.status) || order.paymentId === null)
    throw new AppError(
      'invalid_transition',
      `an order that is ${order.status} cannot be refunded`,
      {
        from: order.status,
        to: 'refunded',
      },
    )
  const lines: OrderRefund['lines'] = []
  let linesMinor = 0
  for (const asked of request.lines ?? []) {
    const line = order.lines.find((l) => l.sku === asked.sku)
    if (!line)
      throw new AppError('validation_failed', `SKU ${asked.sku} is not on this order`, {
        sku: asked.sku,
      })
    const already = refundedUnits(order, line.sku)
    if (asked.quantity > line.quantity - already)
      throw new AppError('refund_exceeds_order', `more units of ${line.sku} than can be refunded`, {
        sku: line.sku,
        ordered: line.quantity,
        refunded: already,
        requested: asked.quantity,
      })
    linesMinor += unitsRefundMinor(
      linePaidMinor(order, line.sku),
      line.quantity,
      already,
      asked.quantity,
    )
    lines.push({ sku: line.sku, productId: line.productId, quantity: asked.quantity })
  }
  const amountMinor = request.amountMinor ?? linesMinor
  const refundedMinor = order.refundedMinor ?? 0
  if (amountMinor < 1 || refundedMinor + amountMinor > order.totalMinor)
    throw new AppError('refund_exceeds_order', 'more money than was paid and not yet refunded', {
      paidMinor: order.totalMinor,
      refundedMinor,
      requestedMinor: amountMinor,
    })
  return {
    refund: {
      id: request.refundId,
      amountMinor,
      lines,
      reason: request.reason ?? null,
      requestHash,
      createdAt: now,
    },
  }
}

/** Every unit not yet refunded and every minor unit not yet given back: the "refund the rest" request. */
export function restOfOrder(order: Order, refundId: string): RefundRequest {
  const lines = order.lines
    .map((l) => ({ sku: l.sku, quantity: l.quantity - refundedUnits(order, l.sku) }))
    .filter((l) => l.quantity > 0)
  const amountMinor = order.totalMinor - (order.refundedMinor ?? 0)
  return { refundId, ...(lines.length > 0 ? { lines } : {}), amountMinor }
}

/**
 * The order with the refund recorded, one version later: `refunded` once the whole total is back,
 * else the same status.
 */
export function applyRefund(order: Order, refund: OrderRefund, now: number): Order {
  const refundedMinor = (order.refundedMinor ?? 0) + refund.amountMinor
  return {
    ...order,
    refunds: [...(order.refunds ?? []), refund],
    refundedMinor,
    status: refundedMinor === order.totalMinor ? 'refunded' : order.status,
    version: order.version + 1,
    updatedAt: Math.max(now, order.updatedAt),
  }
}
