/** @module Discount codes and automatic promotions: what they are and when one applies. */
import { z } from 'zod'
import { MAX_MINOR } from '../orders/order'

const Minor = z.number().int().min(0).max(MAX_MINOR)
const Ids = z.array(z.string().min(1).max(64)).min(1).max(500)

/** A code as shoppers type it, compared upper-cased and trimmed: `summer-10` is `SUMMER-10`. */
export const DiscountCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9_-]{2,31}$/, '3 to 32 letters, digits, - or _')

/**
 * A discount. `code` null makes it an automatic promotion. `value`: a percentage in basis points
 * (1250 = 12.5%) or a fixed amount in the store currency, in the store's price basis (off the
 * gross where prices include tax, off the net where they do not). `target`: the whole order, or only the
 * lines of some products or categories. Times are unix ms, `endsAt` exclusive. The usage limits
 * are counted by the object that redeems codes; here they are only compared.
 */
export const Discount = z
  .strictObject({
    id: z.string().min(1).max(64),
    code: DiscountCode.nullable(),
    value: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('percentage'),
        basisPoints: z.number().int().min(1).max(10_000),
      }),
      z.strictObject({
        kind: z.literal('fixed'),
        amountMinor: Minor.min(1),
        currency: z.string().regex(/^[A-Z]{3}$/),
      }),
    ]),
    target: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('order') }),
      z.strictObject({ kind: z.literal('products'), productIds: Ids }),
      z.strictObject({ kind: z.literal('categories'), categoryIds: Ids }),
    ]),
    minSubtotalMinor: Minor.default(0),
    startsAt: z.number().int().nullable().default(null),
    endsAt: z.number().int().nullable().default(null),
    usageLimit: z.number().int().min(1).nullable().default(null),
    perCustomerLimit: z.number().int().min(1).nullable().default(null),
  })
  .refine((d) => d.startsAt === null || d.endsAt === null || d.endsAt > d.startsAt, {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  })
export type Discount = z.infer<typeof Discount>

/** What eligibility needs of a cart line. */
export interface DiscountableLine {
  productId: string
  categoryId?: string | undefined
  /** The line's amount before this discount, in the store's price basis. */
  amountMinor: number
}

/** Uses so far (redeemed plus reserved), as the redeeming object counts them. */
export interface DiscountUsage {
  total: number
  byCustomer: number
}

/** Why a discount does not apply; each is a 4xx error code of the envelope. */
export type DiscountRefusal =
  | 'discount_not_started'
  | 'discount_expired'
  | 'discount_currency_mismatch'
  | 'discount_minimum_not_met'
  | 'discount_not_applicable'
  | 'discount_exhausted'
  | 'discount_customer_limit'

/** True when the discount covers this line. */
export function targets(discount: Discount, line: DiscountableLine): boolean {
  const t = discount.target
  if (t.kind === 'order') return true
  if (t.kind === 'products') return t.productIds.includes(line.productId)
  return line.categoryId !== undefined && t.categoryIds.includes(line.categoryId)
}

/**
 * Whether `discount` applies to a cart at `now`: inside its window, in the store currency, the
 * subtotal (before any discount) at least its minimum, some line it targets, and uses left when
 * `usage` is given. Returns the first refusal, checked in that order.
 */
export function checkDiscount(
  discount: Discount,
  cart: {
    now: number
    currency: string
    subtotalMinor: number
    lines: readonly DiscountableLine[]
  },
  usage?: DiscountUsage,
): { ok: true } | { ok: false; code: DiscountRefusal } {
  const refuse = (code: DiscountRefusal) => ({ ok: false as const, code })
  if (discount.startsAt !== null && cart.now < discount.startsAt)
    return refuse('discount_not_started')
  if (discount.endsAt !== null && cart.now >= discount.endsAt) return refuse('discount_expired')
  if (discount.value.kind === 'fixed' && discount.value.currency !== cart.currency)
    return refuse('discount_currency_mismatch')
  if (cart.subtotalMinor < discount.minSubtotalMinor) return refuse('discount_minimum_not_met')
  if (!cart.lines.some((l) => targets(discount, l) && l.amountMinor > 0))
    return refuse('discount_not_applicable')
  if (usage && discount.usageLimit !== null && usage.total >= discount.usageLimit)
    return refuse('discount_exhausted')
  if (usage && discount.perCustomerLimit !== null && usage.byCustomer >= discount.perCustomerLimit)
    return refuse('discount_customer_limit')
  return { ok: true }
}
