/**
 * @module DiscountCode: the one authority on a usage-limited code's uses, so no concurrency can
 * redeem it more often than its limits allow.
 */
import { DurableObject } from 'cloudflare:workers'
import { Discount } from '#domain/discounts/discount'
import { AppError } from '#domain/errors'
import { createLogger, type Logger } from '#domain/log'
import { meterEnv, meterStorage } from '#objects/shared/ops-meter'
import { type Reply, reply } from '../shared/reply'
import {
  customerUses,
  type DiscountUse,
  dueUses,
  loadDefinition,
  loadTally,
  loadUse,
  migrate,
  nextExpiry,
  saveDefinition,
  writeUse,
} from './store'
import {
  type CodeUsage,
  parse,
  type ReserveResult,
  USE_EXPIRY_GRACE_MS,
  type UseRefusal,
  UseRequest,
} from './uses'

export type { CodeUsage, DiscountUse, ReserveResult, UseRefusal }
export { USE_EXPIRY_GRACE_MS, UseRequest }

/**
 * One object per code, named by the code (`getByName('SUMMER-10')`). It keeps the code's
 * definition and one row per order that used it. Each command checks and writes in one
 * synchronous SQLite transaction with no await inside, so concurrent checkouts are strictly
 * serialised: the limit check and the use it grants cannot interleave with another's.
 * Every command is idempotent per order id.
 */
export class DiscountCode extends DurableObject<{ LOG_LEVEL?: string }> {
  private readonly sql: SqlStorage
  private readonly log: Logger
  private alarmAt: number | null = null

  constructor(ctx: DurableObjectState, env: { LOG_LEVEL?: string }) {
    super(ctx, meterEnv(env))
    meterStorage(ctx, env, 'DiscountCode', this)
    this.sql = ctx.storage.sql
    this.log = createLogger(env.LOG_LEVEL, { object: ctx.id.name ?? ctx.id.toString() })
    ctx.blockConcurrencyWhile(async () => {
      migrate(this.sql)
      this.alarmAt = await ctx.storage.getAlarm()
    })
  }

  /**
   * Stores (or replaces) the code's definition. Uses already granted stay; a lower limit only
   * stops new ones. The code must be this object's name.
   */
  define(discount: Discount): Promise<Reply<Discount>> {
    return reply(() => {
      const parsed = parse(Discount, discount)
      if (parsed.code !== this.ctx.id.name)
        throw new AppError('validation_failed', `this object holds code ${this.ctx.id.name}`)
      saveDefinition(this.sql, parsed, Date.now())
      return parsed
    })
  }

  /** The definition, or null before one was stored. */
  definition(): Discount | null {
    return loadDefinition(this.sql) ?? null
  }

  /** The limits and the uses counted against them. */
  usage(): Promise<Reply<CodeUsage>> {
    return reply(() => this.usageOf(this.requireDefinition()))
  }

  /**
   * Holds one use for the order. In this order: a use the order already holds is returned as it
   * stands (a retried checkout never takes two); the window is checked at `at`; then the total
   * limit, then the customer's. A use the order released stays released (`reservation_not_active`):
   * its order has ended.
   */
  reserve(request: UseRequest): Promise<Reply<ReserveResult>> {
    return reply(async () => {
      const r = parse(UseRequest, request)
      const result = this.ctx.storage.transactionSync((): ReserveResult => {
        const discount = this.requireDefinition()
        const existing = loadUse(this.sql, r.orderId)
        if (existing) {
          if (existing.status === 'released')
            throw new AppError('reservation_not_active', `order ${r.orderId} released its use`)
          if (existing.customerId !== r.customerId)
            throw new AppError(
              'reservation_conflict',
              `order ${r.orderId} belongs to another customer`,
            )
          return { reserved: true, use: existing, usage: this.usageOf(discount) }
        }
        const refuse = (refusal: UseRefusal): ReserveResult => ({
          reserved: false,
          refusal,
          usage: this.usageOf(discount),
        })
        if (discount.startsAt !== null && r.at < discount.startsAt)
          return refuse('discount_not_started')
        if (discount.endsAt !== null && r.at >= discount.endsAt) return refuse('discount_expired')
        const { reserved, committed } = loadTally(this.sql)
        if (discount.usageLimit !== null && reserved + committed >= discount.usageLimit)
          return refuse('discount_exhausted')
        if (
          discount.perCustomerLimit !== null &&
          customerUses(this.sql, r.customerId) >= discount.perCustomerLimit
        )
          return refuse('discount_customer_limit')
        const use: DiscountUse = {
          orderId: r.orderId,
          customerId: r.customerId,
          status: 'reserved',
          expiresAt: r.expiresAt,
          updatedAt: Date.now(),
        }
        writeUse(this.sql, undefined, use)
        return { reserved: true, use, usage: this.usageOf(discount) }
      })
      if (result.reserved) await this.schedule()
      return result
    })
  }

  /**
   * Gives the order's use back (its order expired or was cancelled). Idempotent. A release for an
   * order that never reserved leaves a released mark, so a reserve of that order arriving late
   * cannot take a use for an order that has already ended. A paid use is kept
   * (`reservation_committed`).
   */
  release(orderId: string): Promise<Reply<DiscountUse>> {
    return reply(async () => {
      const id = parse(UseRequest.shape.orderId, orderId)
      const use = this.ctx.storage.transactionSync(() => {
        const existing = loadUse(this.sql, id)
        if (existing?.status === 'committed')
          throw new AppError('reservation_committed', `order ${id} has paid for its use`)
        if (existing?.status === 'released') return existing
        const released: DiscountUse = {
          orderId: id,
          customerId: existing?.customerId ?? null,
          status: 'released',
          expiresAt: existing?.expiresAt ?? Date.now(),
          updatedAt: Date.now(),
        }
        writeUse(this.sql, existing?.status, released)
        return released
      })
      await this.schedule()
      return use
    })
  }

  /**
   * Makes the order's use permanent (its order was paid). Idempotent. Accepted after the use's
   * expiry until the alarm has released it; a released or unknown use is refused.
   */
  commit(orderId: string): Promise<Reply<DiscountUse>> {
    return reply(async () => {
      const id = parse(UseRequest.shape.orderId, orderId)
      const use = this.ctx.storage.transactionSync(() => {
        const existing = loadUse(this.sql, id)
        if (!existing) throw new AppError('reservation_not_found', `order ${id} holds no use`)
        if (existing.status === 'committed') return existing
        if (existing.status === 'released')
          throw new AppError('reservation_not_active', `order ${id} released its use`)
        const committed: DiscountUse = { ...existing, status: 'committed', updatedAt: Date.now() }
        writeUse(this.sql, existing.status, committed)
        return committed
      })
      await this.schedule()
      return use
    })
  }

  /** One order's use, or null. */
  use(orderId: string): DiscountUse | null {
    return loadUse(this.sql, orderId) ?? null
  }

  /** The safety net: releases reserved uses overdue by more than the grace period. */
  override async alarm(): Promise<void> {
    this.alarmAt = null
    const cutoff = Date.now() - USE_EXPIRY_GRACE_MS
    const released = this.ctx.storage.transactionSync(() => {
      const due = dueUses(this.sql, cutoff)
      for (const orderId of due) {
        const use = loadUse(this.sql, orderId)
        if (use)
          writeUse(this.sql, 'reserved', { ...use, status: 'released', updatedAt: Date.now() })
      }
      return due.length
    })
    if (released > 0) this.log.info('released expired discount uses', { released })
    await this.schedule()
  }

  private requireDefinition(): Discount {
    const discount = loadDefinition(this.sql)
    if (!discount) throw new AppError('not_found', `no discount code ${this.ctx.id.name}`)
    return discount
  }

  private usageOf(discount: Discount): CodeUsage {
    const { reserved, committed } = loadTally(this.sql)
    return {
      code: discount.code ?? '',
      usageLimit: discount.usageLimit,
      perCustomerLimit: discount.perCustomerLimit,
      reserved,
      committed,
      remaining:
        discount.usageLimit === null
          ? null
          : Math.max(0, discount.usageLimit - reserved - committed),
    }
  }

  /** Keeps one alarm at the next reserved use's expiry plus the grace, or none. */
  private async schedule(): Promise<void> {
    const next = nextExpiry(this.sql)
    const at = next === null ? null : next + USE_EXPIRY_GRACE_MS
    if (at === this.alarmAt) return
    this.alarmAt = at
    // Alarm calls are applied in the order they are issued, so the latest decision wins.
    if (at === null) await this.ctx.storage.deleteAlarm()
    else await this.ctx.storage.setAlarm(at)
  }
}
