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

export const AddressSchema = z
  .object({
    name: z.string(),
    company: z.string().optional(),
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    region: z.string().optional(),
    postalCode: z.string().optional(),
    country: z.string().describe('ISO 3166-1 alpha-2'),
  })
  .openapi('Address')

const Split = {
  netMinor: z.number().int(),
  taxMinor: z.number().int(),
  grossMinor: z.number().int().describe('netMinor + taxMinor'),
}

/** The price breakdown (domain/totals): what the cart shows and the order keeps. */
export const TotalsSchema = z
  .object({
    currency: z.string(),
    pricesIncludeTax: z.boolean(),
    lines: z.array(
      z.object({
        sku: z.string(),
        productId: z.string(),
        categoryId: z.string().optional(),
        title: z.string(),
        unitPriceMinor: z.number().int(),
        quantity: z.number().int(),
        taxClass: z.enum(['standard', 'reduced', 'zero']),
        weightGrams: z.number().int().optional(),
        subtotalMinor: z.number().int(),
        discountMinor: z.number().int(),
        taxRatePpm: z.number().int().describe('parts per million: 20% is 200000'),
        ...Split,
      }),
    ),
    subtotalMinor: z.number().int(),
    discountMinor: z.number().int(),
    discounts: z.array(
      z.object({ id: z.string(), code: z.string().nullable(), amountMinor: z.number().int() }),
    ),
    shipping: z
      .object({ methodId: z.string(), name: z.string(), amountMinor: z.number().int(), ...Split })
      .nullable(),
    weightGrams: z.number().int(),
    taxMinor: z.number().int(),
    totalMinor: z.number().int().describe('Σ line gross + shipping gross'),
  })
  .openapi('Totals', {
    description:
      'Tax is rounded half up once per line and once for shipping; every total is the sum of its rounded parts.',
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
    contact: z.object({ email: z.string(), phone: z.string().optional() }).nullable(),
    shippingAddress: AddressSchema.nullable(),
    billingAddress: AddressSchema.nullable(),
    totals: TotalsSchema.nullable().describe(
      'The breakdown the order was placed with; `totalMinor` equals `totals.totalMinor`. Null only for orders archived before breakdowns.',
    ),
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

/** GET /v1/cart: the cart with each line priced and the totals of the buyable lines. */
export const PricedCartSchema = z
  .object({
    items: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
    updatedAt: z.number().int().nullable(),
    lines: z.array(
      z.object({
        sku: z.string(),
        quantity: z.number().int(),
        productId: z.string().nullable(),
        title: z.string().nullable(),
        productTitle: z.string().nullable(),
        variantTitle: z.string().nullable(),
        unitPriceMinor: z.number().int().nullable(),
        available: z.number().int().nullable(),
        problem: z
          .enum(['unknown', 'not_active', 'other_currency', 'insufficient_stock'])
          .nullable(),
      }),
    ),
    shippingMethods: z.array(
      z.object({
        methodId: z.string(),
        name: z.string(),
        zoneId: z.string(),
        amountMinor: z.number().int(),
      }),
    ),
    totals: TotalsSchema.nullable(),
    refused: z.array(
      z.object({
        field: z.enum(['discountCodes', 'shippingMethodId']),
        value: z.string(),
        code: z.string(),
      }),
    ),
  })
  .openapi('PricedCart')

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
