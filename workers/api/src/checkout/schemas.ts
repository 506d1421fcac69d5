/** @module OpenAPI schemas of orders, carts and stock, shared by the shopper, admin and webhook routes. */
import { z } from '@hono/zod-openapi'
import { Sku } from '#domain/catalog/product'
import { ORDER_STATUSES, OrderRefund } from '#domain/orders/order'

const OrderLineSchema = z.object({
  sku: z.string(),
  productId: z.string(),
  title: z.string(),
  unitPriceMinor: z.number().int(),
  quantity: z.number().int(),
  lineTotalMinor: z.number().int(),
})

/** An order as its object holds it, or as the archive holds it (then without `paymentId`). */
export const OrderSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    status: z.enum(ORDER_STATUSES),
    currency: z.string(),
    lines: z.array(OrderLineSchema),
    totalMinor: z.number().int(),
    version: z.number().int(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
    expiresAt: z.number().int().nullable(),
    paymentId: z.string().nullable().optional(),
    refunds: z.array(OrderRefund).optional().describe('Refunds so far, oldest first'),
    refundedMinor: z.number().int().optional().describe('Σ refunds'),
    email: z
      .string()
      .nullable()
      .optional()
      .describe('Archive listings: the order’s contact email, else its account’s'),
  })
  .openapi('Order')

export const OrderListSchema = z
  .object({ items: z.array(OrderSchema), nextCursor: z.string().nullable() })
  .openapi('OrderList')

/**
 * An order id in a path. Any string up to 128 characters gets through: a malformed id answers
 * 404 like another shopper's, so ids cannot be probed for shape.
 */
export const OrderIdParam = z
  .string()
  .min(1)
  .max(128)
  .openapi({ param: { name: 'id', in: 'path' }, example: 'a3f…' })

export const SkuParam = Sku.openapi({ param: { name: 'sku', in: 'path' }, example: 'TENT-2P-GRN' })

export const CartSchema = z
  .object({
    items: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
    updatedAt: z.number().int().nullable(),
  })
  .openapi('Cart')

export const StockLevelsSchema = z
  .object({
    sku: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    sold: z.number().int(),
    received: z.number().int(),
    adjusted: z.number().int(),
    /** Net units moved between a sharded SKU's objects; 0 at rest, negative while some are in transit. */
    transferred: z.number().int(),
  })
  .openapi('StockLevels')

/** Query of a cursor-paged listing. */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().min(1).max(256).optional(),
})
