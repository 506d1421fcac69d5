/**
 * @module Checkout in the shopper's object: answer a retry from its idempotency record, else check
 * the shopper's limits, price the lines with the store's settings (tax, shipping, discounts),
 * reserve every SKU and one use of every discount code at once, and write the order, its event and
 * the cart change in one transaction. No object is created per order.
 */

import { z } from 'zod'
import { Sku } from '#domain/catalog/product'
import { AppError, UpstreamError } from '#domain/errors'
import { errorMessage } from '#domain/log'
import { createOrder, MAX_ORDER_LINES, type Order, type PricedLine } from '#domain/orders/order'
import type { PlaceResult } from '#domain/orders/place'
import { databaseFor } from '../shared/ports'
import { readCart, removeCartItems } from './cart'
import type { ShopperCore } from './core'
import { codesOf, reserveCodes, settleCodes } from './discount-uses'
import { MAX_HELD_UNITS, MAX_PENDING_ORDERS, MAX_UNITS_PER_SKU } from './limits'
import {
  heldNow,
  loadPlacement,
  type OrderRow,
  type Placement,
  savePlacement,
} from './orders-table'
import { orderLine, priceLines, type RequestedLine } from './pricing'
import {
  assertShippable,
  CheckoutDetails,
  choicesOf,
  detailsOf,
  partiesOf,
  totalsFor,
} from './quote'
import { reserveAll } from './stock'

/** What the Worker sends: the request as validated, the digest its key is bound to, and settings. */
export const CheckoutCommand = z.strictObject({
  idempotencyKey: z.string().min(1).max(255),
  /** A digest of the request body: the same key with another body is refused. */
  requestHash: z.string().min(1).max(128),
  request: z.union([
    z.strictObject({
      items: z
        .array(z.strictObject({ sku: Sku, quantity: z.number().int().min(1).max(999) }))
        .min(1)
        .max(MAX_ORDER_LINES),
      ...CheckoutDetails.shape,
    }),
    z.strictObject({ fromCart: z.literal(true), ...CheckoutDetails.shape }),
  ]),
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** How long the reservations hold without payment (RESERVATION_TTL_SECONDS). */
  ttlSeconds: z.number().int().min(1).max(86_400),
  /** Checkouts the shopper may start per window (CHECKOUT_RATE_LIMIT); checkout-rate.ts. */
  rate: z
    .strictObject({
      limit: z.number().int().min(1).max(100_000),
      windowSeconds: z.number().int().min(1).max(3_600),
    })
    .optional(),
})
export type CheckoutCommand = z.infer<typeof CheckoutCommand>

/**
 * Places the order, or answers as the first checkout with this key did. The same key with another
 * request is refused (`idempotency_key_reused`). Calls are serialised by the object, so
 * concurrent identical requests make one order and the limits count every earlier checkout.
 */
export async function checkout(core: ShopperCore, input: CheckoutCommand): Promise<PlaceResult> {
  const parsed = CheckoutCommand.safeParse(input)
  if (!parsed.success)
    throw new AppError('validation_failed', 'invalid checkout', parsed.error.issues)
  const cmd = parsed.data
  const existing = loadPlacement(core.sql, cmd.idempotencyKey)
  if (existing) {
    if (existing.requestHash !== cmd.requestHash)
      throw new AppError('idempotency_key_reused', 'this key was already used for another request')
    if (existing.state === 'retired')
      throw new AppError(
        'idempotency_key_reused',
        'this key placed an order that has since been archived; use a new key',
      )
    if (existing.state === 'done' && existing.result) return existing.result
    // A checkout that stopped half-way resumes: reservations are idempotent per id.
    return reserveAndRecord(core, existing, 'fromCart' in cmd.request)
  }
  const details = detailsOf(cmd.request)
  const requested = 'fromCart' in cmd.request ? cartLines(core) : cmd.request.items
  assertWithinLimits(core, requested)
  const parties = partiesOf(details)
  // The settings come from KV at this location through the isolate's cache: no object call.
  const [priced, settings, orderId] = await Promise.all([
    priceLines(
      { kv: core.env().CATALOG_KV, catalog: () => databaseFor(core.env()).catalog },
      requested,
      cmd.currency,
    ),
    core.settings().read(),
    core.ids.orderId(core.shopper, cmd.idempotencyKey),
  ])
  assertShippable(settings, details)
  const now = Date.now()
  const totals = totalsFor(settings, priced, choicesOf(details), cmd.currency, now)
  const lines = priced.map(orderLine)
  const expiresAt = now + cmd.ttlSeconds * 1_000
  // Built (and so checked) before holding any stock or code use for it; recorded as built.
  const order = createOrder({
    id: orderId,
    userId: core.shopper,
    currency: cmd.currency,
    lines,
    now,
    expiresAt,
    totals,
    ...parties,
  })
  const placement: Placement = {
    idempotencyKey: cmd.idempotencyKey,
    requestHash: cmd.requestHash,
    orderId,
    currency: cmd.currency,
    state: 'placing',
    lines,
    priced: { totals, parties },
    result: null,
    expiresAt,
    createdAt: now,
  }
  // Not written yet: a checkout that completes writes its record once, with its order (one
  // transaction). Cut off half-way (the object restarted), its retry derives the same order id, and
  // the items answer the holds already made; holds nobody comes back for expire at `expiresAt`.
  return reserveAndRecord(core, placement, 'fromCart' in cmd.request, order)
}

function cartLines(core: ShopperCore): RequestedLine[] {
  const { items } = readCart(core.sql)
  if (items.length === 0) throw new AppError('cart_empty', 'The cart is empty')
  return items
}

/** Refuses (`purchase_limit`, 422) an order that would let the shopper hold more than allowed. */
function assertWithinLimits(core: ShopperCore, lines: readonly RequestedLine[]): void {
  const over = lines.filter((l) => l.quantity > MAX_UNITS_PER_SKU)
  if (over.length > 0)
    throw new AppError('purchase_limit', `At most ${MAX_UNITS_PER_SKU} units of a SKU per order`, {
      limit: 'units_per_sku',
      max: MAX_UNITS_PER_SKU,
      skus: over.map((l) => l.sku),
    })
  const held = heldNow(core.sql)
  if (held.orders >= MAX_PENDING_ORDERS)
    throw new AppError('purchase_limit', `At most ${MAX_PENDING_ORDERS} unpaid orders at once`, {
      limit: 'pending_orders',
      max: MAX_PENDING_ORDERS,
    })
  const units = lines.reduce((n, l) => n + l.quantity, 0)
  if (held.units + units > MAX_HELD_UNITS)
    throw new AppError('purchase_limit', `At most ${MAX_HELD_UNITS} units held at once`, {
      limit: 'held_units',
      max: MAX_HELD_UNITS,
      held: held.units,
    })
}

/** `built`: the order as the checkout built it; a resumed placement builds it again. */
async function reserveAndRecord(
  core: ShopperCore,
  p: Placement,
  fromCart: boolean,
  built?: Order,
): Promise<PlaceResult> {
  const holders: Record<string, string> = {}
  let heldUntil = p.expiresAt
  const codes = codesOf(p.priced?.totals)
  // Stock and code uses at once: a code adds one call per code, in parallel with the SKUs'.
  const [{ shortfalls, limits, failure }, uses] = await Promise.all([
    reserveAll(
      core.inventory(),
      p.orderId,
      p.lines,
      p.expiresAt,
      (sku, holder, until) => {
        holders[sku] = holder
        heldUntil = Math.min(heldUntil, until)
      },
      core.shopper,
    ),
    reserveCodes(core.env().DISCOUNT_CODE, codes, {
      orderId: p.orderId,
      customerId: core.shopper,
      at: p.createdAt,
      expiresAt: p.expiresAt,
    }),
  ])
  if (shortfalls.length > 0 || limits.length > 0 || uses.refusals.length > 0) {
    const result: PlaceResult =
      limits.length > 0
        ? { ok: false, code: 'purchase_limit', limits }
        : shortfalls.length > 0
          ? { ok: false, code: 'insufficient_stock', shortfalls }
          : { ok: false, code: 'discount_refused', refusals: uses.refusals }
    savePlacement(core.sql, { ...p, state: 'done', result })
    // Compensation, once the answer is stored: give back whatever this checkout may hold. A line
    // or code its object refused holds nothing there, and with the answer stored no call will
    // ask for it again (a retry replays the answer; the object serialises this shopper's
    // commands), so it gets no call: a refused one-SKU checkout, the most common answer once a
    // drop sells out, costs the SKU's object one read-only call, not a second call and a write.
    const refusedSkus = new Set([...shortfalls, ...limits].map((s) => s.sku))
    const refusedCodes = new Set(uses.refusals.map((r) => r.code))
    await Promise.all([
      core.releaseLines(
        p.orderId,
        p.lines.filter((l) => !refusedSkus.has(l.sku)),
        holders,
      ),
      releaseCodes(
        core,
        codes.filter((c) => !refusedCodes.has(c)),
        p.orderId,
      ),
    ])
    return result
  }
  if (failure || uses.failure) {
    // Nothing is decided yet: a retry with the same key resumes here, with this pricing and
    // expiry; if none comes, the alarm abandons the checkout at its expiry and frees its holds.
    if (!loadPlacement(core.sql, p.idempotencyKey)) {
      savePlacement(core.sql, { ...p, state: 'placing' })
      await core.alarmBy(p.expiresAt)
    }
    const cause = failure ?? uses.failure
    const service = failure ? 'inventory' : 'discount_codes'
    throw new UpstreamError(service, errorMessage(cause), undefined, true, { cause })
  }
  const now = Date.now()
  // A hold made by an attempt cut off earlier keeps its expiry: the order expires with it.
  const expiresAt = heldUntil
  const order =
    built && built.expiresAt === expiresAt
      ? built
      : createOrder({
          id: p.orderId,
          userId: core.shopper,
          currency: p.currency,
          lines: p.lines,
          now,
          expiresAt,
          ...(p.priced ? { totals: p.priced.totals, ...p.priced.parties } : {}),
        })
  const result: PlaceResult = { ok: true, order }
  core.transaction(() => {
    core.record(
      {
        order,
        idempotencyKey: p.idempotencyKey,
        holders,
        settled: true,
        settleAttempts: 0,
        settleRetryAt: null,
        checkAt: null,
        checkAttempts: 0,
        retireCheckAt: null,
      },
      now,
    )
    savePlacement(core.sql, { ...p, expiresAt, state: 'done', result })
    // The ordered lines leave the cart; lines added meanwhile stay.
    if (fromCart)
      removeCartItems(
        core.sql,
        p.lines.map((l: PricedLine) => l.sku),
      )
  })
  // In the same turn, so in the same commit: the one alarm write of a checkout, by the order's
  // first deadline (none when an earlier alarm is set).
  await core.alarmBy(core.deadlineOf({ order } as OrderRow, now))
  core.flushInBackground()
  return result
}

/** Gives back the checkout's code uses (a refused or abandoned checkout); what fails, the code's alarm frees. */
export async function releaseCodes(
  core: ShopperCore,
  codes: readonly string[],
  orderId: string,
): Promise<void> {
  for (const f of await settleCodes(core.env().DISCOUNT_CODE, codes, orderId, 'release'))
    core.log.warn('compensating code release failed', { orderId, ...f })
}
