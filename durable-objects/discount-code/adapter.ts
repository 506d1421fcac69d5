/**
 * @module Calls a code's DiscountCode object and turns its refusals back into AppErrors. Callers
 * name a code as the shopper typed it; it is normalised here, so every spelling reaches one object.
 */
import type { Discount } from '#domain/discounts/discount'
import { DiscountCode as CodeSchema } from '#domain/discounts/discount'
import { AppError } from '#domain/errors'
import { unwrap } from '../shared/reply'
import type {
  CodeUsage,
  DiscountCode,
  DiscountUse,
  ReserveResult,
  UseRequest,
} from './discount-code'

export type { CodeUsage, DiscountUse, ReserveResult, UseRequest }

/** The usage-limited codes of the store: one DiscountCode object per code, by its name. */
export class DiscountCodes {
  constructor(private readonly namespace: DurableObjectNamespace<DiscountCode>) {}

  /** Stores a code's definition in its object (the admin API calls this on create and update). */
  async define(discount: Discount): Promise<Discount> {
    if (discount.code === null)
      throw new AppError('validation_failed', 'an automatic promotion has no code object')
    return unwrap(await this.object(discount.code).define(discount))
  }

  /** The stored definition, or null for a code never defined. */
  async definition(code: string): Promise<Discount | null> {
    return this.object(code).definition()
  }

  async usage(code: string): Promise<CodeUsage> {
    return unwrap(await this.object(code).usage())
  }

  /**
   * Holds one use for an order; idempotent per order id. A refusal (exhausted, customer limit,
   * outside the window) is an answer, not an error; `not_found` is thrown for an unknown code.
   */
  async reserve(code: string, request: UseRequest): Promise<ReserveResult> {
    return unwrap(await this.object(code).reserve(request))
  }

  /** Gives the order's use back (order expired or cancelled); idempotent. */
  async release(code: string, orderId: string): Promise<DiscountUse> {
    return unwrap(await this.object(code).release(orderId))
  }

  /** Keeps the order's use for good (order paid); idempotent. */
  async commit(code: string, orderId: string): Promise<DiscountUse> {
    return unwrap(await this.object(code).commit(orderId))
  }

  private object(code: string) {
    const parsed = CodeSchema.safeParse(code)
    if (!parsed.success) throw new AppError('validation_failed', `${code} is not a discount code`)
    return this.namespace.getByName(parsed.data)
  }
}
