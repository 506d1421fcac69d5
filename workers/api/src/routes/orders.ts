/** @module The shopper's orders: checkout (POST /v1/orders), history, one order, and cancel. */
import { createRoute, z } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import { Sku } from '#domain/catalog/product'
import { AppError } from '#domain/errors'
import { MAX_ORDER_LINES } from '#domain/orders/order'
import { skuKey } from '#objects/shopper/pricing'
import { CheckoutDetails } from '#objects/shopper/quote'
import { historyOwners } from '../auth/owners'
import { errorResponse } from '../catalog/schemas'
import { checkoutRate, findOrder, reservationTtlSeconds, shoppersOf } from '../checkout/objects'
import { listHistory } from '../checkout/order-history'
import { checkoutRequestHash } from '../checkout/request-hash'
import { OrderIdParam, OrderListSchema, OrderSchema, PageQuery } from '../checkout/schemas'
import { currentShopper } from '../middleware/auth'
import { withShopperSession } from '../middleware/shopper-session'
import { createRouter } from '../router'
import type { AppEnv } from '../types'

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:~-]{1,128}$/

const Item = z.strictObject({ sku: Sku, quantity: z.number().int().min(1).max(100) })

/**
 * The checkout body: explicit lines (one per SKU), or the caller's cart; with the contact,
 * shipping address (billing defaults to it), shipping method and discount codes. A store with
 * shipping zones requires contact, shipping address and method; one without may omit them.
 */
export const CheckoutBody = z
  .union([
    z.strictObject({
      items: z
        .array(Item)
        .min(1)
        .max(MAX_ORDER_LINES)
        .refine((items) => new Set(items.map((i) => skuKey(i.sku))).size === items.length, {
          message: 'each SKU may appear on one line only',
        }),
      ...CheckoutDetails.shape,
    }),
    z.strictObject({ fromCart: z.literal(true), ...CheckoutDetails.shape }),
  ])
  .openapi('CheckoutRequest')

// Runs before the validators, so a missing key gets its own code whatever the body holds.
const requireIdempotencyKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header('Idempotency-Key')
  if (!key) throw new AppError('idempotency_key_required', 'Send an Idempotency-Key header')
  if (!IDEMPOTENCY_KEY.test(key))
    throw new AppError(
      'validation_failed',
      'Idempotency-Key must be 1-128 letters, digits or . _ : ~ -',
    )
  await next()
}

const order = (description: string) => ({
  description,
  content: { 'application/json': { schema: OrderSchema } },
})

const place = createRoute({
  method: 'post',
  path: '/orders',
  summary: 'Check out: reserve stock and create an order awaiting payment',
  description:
    'Idempotent per `Idempotency-Key`: the same key and body answer as the first request did; the same key with another body answers 422 `idempotency_key_reused`. Prices come from the catalog, tax, shipping and discounts from the store settings (GET /v1/cart prices the same way); the order keeps the breakdown in `totals`, and its payment must be `totalMinor`. Stock and one use of each discount code are reserved for RESERVATION_TTL_SECONDS.',
  middleware: [requireIdempotencyKey] as const,
  request: {
    headers: z.object({ 'idempotency-key': z.string().regex(IDEMPOTENCY_KEY) }),
    body: { content: { 'application/json': { schema: CheckoutBody } }, required: true },
  },
  responses: {
    201: order('The order, awaiting payment'),
    400: errorResponse(
      'Invalid body or address (details: each field), a missing contact/address/method where the store ships, `idempotency_key_required`, or `cart_empty`',
    ),
    409: errorResponse(
      '`insufficient_stock` (details: the shortfalls), `discount_exhausted` (the code has no uses left) or `placement_expired`',
    ),
    422: errorResponse(
      '`sku_unavailable` (details: the SKUs), `idempotency_key_reused`, `purchase_limit` (details: which limit), `discount_not_found`, `discount_customer_limit`, another `discount_*` refusal, or `shipping_method_unavailable`',
    ),
    429: errorResponse(
      '`rate_limited`: more checkouts than CHECKOUT_RATE_LIMIT (10) a minute by this shopper, counted by their object wherever they check out; `Retry-After` says when to retry',
    ),
  },
})

const list = createRoute({
  method: 'get',
  path: '/orders',
  summary: "The caller's orders, newest first",
  request: { query: PageQuery },
  responses: {
    200: {
      description: 'A page of orders',
      content: { 'application/json': { schema: OrderListSchema } },
    },
    400: errorResponse('Bad parameters'),
  },
})

const get = createRoute({
  method: 'get',
  path: '/orders/{id}',
  summary: 'One of the caller’s orders',
  request: { params: z.object({ id: OrderIdParam }) },
  responses: { 200: order('The order'), 404: errorResponse('No such order of the caller') },
})

const cancel = createRoute({
  method: 'post',
  path: '/orders/{id}/cancel',
  summary: 'Cancel an unpaid order and release its stock',
  request: { params: z.object({ id: OrderIdParam }) },
  responses: {
    200: order('The cancelled order'),
    404: errorResponse('No such order of the caller'),
    409: errorResponse('`invalid_transition`: the order is no longer awaiting payment'),
  },
})

export const orders = createRouter()
  .openapi(place, async (c) => {
    const request = c.req.valid('json')
    const command = {
      idempotencyKey: c.req.valid('header')['idempotency-key'],
      requestHash: await checkoutRequestHash(request),
      request,
      currency: c.env.STORE_CURRENCY,
      ttlSeconds: reservationTtlSeconds(c.env),
      // Counted by the shopper's object, exactly and wherever the shopper checks out.
      rate: checkoutRate(c.env),
    }
    // One call: the shopper's object checks an account's session (no users-table read), answers
    // a retry, prices, reserves and records the order. A guest session has no version: the access
    // check read the guests table.
    const shopper = currentShopper(c)
    const result =
      shopper.kind === 'guest'
        ? await shoppersOf(c).checkout(shopper.id, command)
        : await withShopperSession(c, shopper.id, (sv) =>
            shoppersOf(c).checkout(shopper.id, command, sv),
          )
    if (result.ok) return c.json(result.order, 201)
    if (result.code === 'insufficient_stock')
      throw new AppError('insufficient_stock', 'Not enough stock', result.shortfalls)
    if (result.code === 'purchase_limit')
      throw new AppError('purchase_limit', 'A SKU limits how many one customer may buy', {
        limit: 'per_customer',
        skus: result.limits,
      })
    if (result.code === 'discount_refused') {
      const first = result.refusals[0]
      throw new AppError(
        first?.reason ?? 'discount_exhausted',
        `Discount code ${first?.code} cannot be used (${first?.reason}); nothing is held`,
        result.refusals,
      )
    }
    throw new AppError(
      'placement_expired',
      'The checkout could not finish in time; nothing is held',
    )
  })
  .openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const page = await listHistory(
      { shoppers: shoppersOf(c), archive: c.get('ports').database.archive },
      // The caller's own orders and those of the guests they claimed.
      await historyOwners(c),
      limit,
      cursor,
    )
    c.header('Cache-Control', 'no-store')
    return c.json(page, 200)
  })
  .openapi(get, async (c) => {
    const found = await findOrder(c, c.req.valid('param').id, currentShopper(c).id)
    c.header('Cache-Control', 'no-store')
    return c.json(found, 200)
  })
  .openapi(cancel, async (c) => {
    const { id } = c.req.valid('param')
    // Ownership first: another shopper's order is not found, and nothing is changed.
    await findOrder(c, id, currentShopper(c).id)
    return c.json(await shoppersOf(c).cancel(id), 200)
  })
