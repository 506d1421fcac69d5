/** @module Order: one order's placement, state machine, outbox and alarm, behind typed RPC. */
import { DurableObject } from 'cloudflare:workers'
import { AppError } from '#domain/errors'
import type { Order as OrderSnapshot } from '#domain/orders/order'
import type { PlaceOrderInput, PlaceResult } from '#domain/orders/place'
import { assertPaymentMatches, isReplayedPayment, Payment } from '#domain/orders/transitions'
import { meterEnv, meterStorage } from '#objects/shared/ops-meter'
import { type Reply, reply } from '../shared/reply'
import { migrateArchiveCheck } from './archive-check'
import { type OrderEnv, OrderLifecycle } from './lifecycle'
import { abandonIfStalled, type PlacementKey, place, replay } from './placement'
import { migrateRetention } from './retention'
import { loadOrder, migrate } from './tables'

export type { OrderEnv }

/**
 * One object per checkout, named `${userId}:${idempotencyKey}` by the caller; the order id is the
 * object id, so later calls address it with `idFromString`. The idempotency record lives until the
 * order is retired (at least a day after it finished; retention.ts), then a tombstone refuses the key.
 *
 * Every command runs through `exclusive`: calls to other objects and to the queue open the input
 * gate, so without it a second command could interleave with a saga half-way through.
 */
export class Order extends DurableObject<OrderEnv> {
  private readonly life: OrderLifecycle
  private tail: Promise<unknown> = Promise.resolve()

  constructor(ctx: DurableObjectState, env: OrderEnv) {
    super(ctx, meterEnv(env))
    meterStorage(ctx, env, 'Order', this)
    this.life = new OrderLifecycle(ctx, () => this.env)
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage.sql)
      migrateRetention(ctx.storage.sql)
      migrateArchiveCheck(ctx.storage.sql)
    })
  }

  /**
   * Places the order once; the same request again returns the stored answer. Refusals:
   * `validation_failed`, `idempotency_key_reused`, `upstream_unavailable` (retry with the key).
   */
  place(input: PlaceOrderInput): Promise<Reply<PlaceResult>> {
    return reply(() => this.exclusive(() => place(this.life, input)))
  }

  /**
   * The stored answer of a finished placement with this key and request, or null; refuses
   * (`idempotency_key_reused`) a key used for another request. Places nothing.
   */
  replay(key: PlacementKey): Promise<Reply<PlaceResult | null>> {
    return reply(() => replay(this.life, key))
  }

  /** The order, or null while none was placed in this object. */
  get(): OrderSnapshot | null {
    return loadOrder(this.life.sql)?.order ?? null
  }

  /**
   * Applies a payment of exactly the total (`payment_mismatch` otherwise) and sells the stock; a
   * replay of the same payment id changes nothing. An expired or cancelled order refuses it.
   */
  pay(payment: Payment): Promise<Reply<OrderSnapshot>> {
    return reply(() =>
      this.exclusive(async () => {
        const parsed = Payment.safeParse(payment)
        if (!parsed.success) throw new AppError('validation_failed', 'invalid payment')
        const { order } = this.life.requireOrder()
        if (isReplayedPayment(order, parsed.data)) return order
        assertPaymentMatches(order, parsed.data)
        await this.life.expireIfOverdue()
        return this.life.change('paid', { paymentId: parsed.data.paymentId })
      }),
    )
  }

  /** Cancels an unpaid order and gives its stock back. */
  cancel(): Promise<Reply<OrderSnapshot>> {
    return reply(() =>
      this.exclusive(async () => {
        await this.life.expireIfOverdue()
        return this.life.change('cancelled')
      }),
    )
  }

  /** Marks a paid order as shipped. */
  fulfil(): Promise<Reply<OrderSnapshot>> {
    return reply(() => this.exclusive(() => this.life.change('fulfilled')))
  }

  /**
   * Marks a paid or fulfilled order as refunded. Stock is not put back automatically: whether the
   * goods return to the shelf is an operator's decision, made with an inventory adjustment.
   */
  refund(): Promise<Reply<OrderSnapshot>> {
    return reply(() => this.exclusive(() => this.life.change('refunded')))
  }

  /** Abandons a stalled placement, expires an unpaid order, retries stock and outbox work. */
  override async alarm(): Promise<void> {
    await this.exclusive(async () => {
      await abandonIfStalled(this.life, Date.now())
      await this.life.expireIfOverdue()
      await this.life.settle()
      await this.life.flush()
      await this.life.reschedule()
      await this.life.confirmArchived()
      await this.life.retireIfDue()
    })
  }

  /** Runs the archive check now if due (the alarm does it too); for tests, with a later `now`. */
  confirmArchived(now?: number): Promise<void> {
    return this.exclusive(() => this.life.confirmArchived(now))
  }

  /** Retires the order if finished, archived and past its window (the alarm's last step); for tests. */
  retireIfDue(now?: number): Promise<boolean> {
    return this.exclusive(() => this.life.retireIfDue(now))
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work)
    this.tail = run.catch(() => undefined)
    return run
  }
}
