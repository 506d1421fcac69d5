/** @module What a DiscountCode object is asked and answers: use requests, refusals, usage. */
import { z } from 'zod'
import { AppError } from '#domain/errors'
import type { DiscountUse } from './store'

/**
 * How long after a use's expiry the alarm releases it. The order's own expiry is the primary
 * path (it releases the use itself); this grace keeps the safety net from racing a payment that
 * is committing at the last moment.
 */
export const USE_EXPIRY_GRACE_MS = 60_000

/** A request to hold one use of the code for an order. */
export const UseRequest = z.strictObject({
  orderId: z.string().min(1).max(64),
  customerId: z.string().min(1).max(128),
  /** Unix ms the checkout happens at: the code's window is checked against it. */
  at: z.number().int(),
  /** Unix ms after which the use may be released if the order was not paid. */
  expiresAt: z.number().int(),
})
export type UseRequest = z.infer<typeof UseRequest>

/** Why a use was not granted; each is an error code of the envelope. */
export type UseRefusal =
  | 'discount_not_started'
  | 'discount_expired'
  | 'discount_exhausted'
  | 'discount_customer_limit'

/** The code's limits and its uses that count against them. */
export interface CodeUsage {
  code: string
  usageLimit: number | null
  perCustomerLimit: number | null
  reserved: number
  committed: number
  /** Uses still grantable, or null without a total limit. */
  remaining: number | null
}

/** A use granted (or found again for the same order), or the reason none was. */
export type ReserveResult =
  | { reserved: true; use: DiscountUse; usage: CodeUsage }
  | { reserved: false; refusal: UseRefusal; usage: CodeUsage }

/** Checks an RPC argument; callers are other Workers, so a bad one is a refusal, not a crash. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new AppError('validation_failed', parsed.error.message)
  return parsed.data
}
