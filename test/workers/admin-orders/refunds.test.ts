/**
 * @module Partial refunds over HTTP in workerd: once per refund id, never more than paid or
 * ordered, the sum exact; the boards follow each refund once; the events reach the archive; the
 * admin detail, list search and customer list show them.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { leaderboardKey } from '#domain/counting/keys'
import type { OrderEvent } from '#domain/orders/events'
import { DurableObjectCounters } from '#objects/counters/adapter'
import { confirmArchivedAt, retireAt, stubOf } from '#objects/shopper/test-helpers'
import { ADMIN_KEY, call, errorCode } from '../accounts'
import {
  archive,
  createProduct,
  deliver,
  eventsSent,
  newKey,
  payWebhook,
  placeOrder,
  receive,
  recordEvents,
  shopper,
} from '../checkout-helpers'

type Refund = { id: string; amountMinor: number; lines: { sku: string; quantity: number }[] }
type Order = {
  id: string
  status: string
  version: number
  totalMinor: number
  currency: string
  refundedMinor?: number
  refunds?: Refund[]
}

const counters = () => new DurableObjectCounters(env.COUNTERS)
const score = async (board: 'bestsellers' | 'spend', member: string) =>
  (await counters().zTop(leaderboardKey(board, { period: 'all' }), 10_000)).find(
    (e) => e.member === member,
  )?.score ?? 0

const refund = (id: string, body: object) =>
  call(`/v1/admin/orders/${id}/refunds`, { method: 'POST', token: ADMIN_KEY, json: body })

/** A paid order of 3 × A at 1 250 and 1 × B at 999 (4 749), with every event it sent recorded. */
async function paidOrder() {
  const a = await createProduct([1_250])
  const b = await createProduct([999])
  const [skuA, skuB] = [a.skus[0] as string, b.skus[0] as string]
  await receive(skuA, 5)
  await receive(skuB, 5)
  const user = await shopper()
  const sent: unknown[] = []
  await recordEvents(user.id, sent)
  const items = [
    { sku: skuA, quantity: 3 },
    { sku: skuB, quantity: 1 },
  ]
  const res = await placeOrder(user.token, { items }, newKey())
  expect(res.status).toBe(201)
  const order = (await res.json()) as Order
  const paid = await payWebhook({
    type: 'payment.succeeded',
    paymentId: `pay-${order.id.slice(0, 8)}`,
    orderId: order.id,
    amountMinor: order.totalMinor,
    currency: order.currency,
  })
  expect(paid.status).toBe(200)
  return { order, user, sent, skuA, skuB, productA: a.id, productB: b.id }
}

describe('POST /v1/admin/orders/:id/refunds', () => {
  it('refunds by line and amount once per id, refuses over-refunds, sums exactly, and the boards and archive follow', async () => {
    const { order, user, sent, skuA, skuB, productA, productB } = await paidOrder()
    expect(order.totalMinor).toBe(4_749)
    await eventsSent(user.id)
    expect((await deliver(sent.splice(0), `${order.id}-paid`)).retryMessages).toEqual([])
    expect([await score('bestsellers', productA), await score('spend', user.id)]).toEqual([
      3, 4_749,
    ])

    // One unit of A: its paid share, 1 250.
    const first = await refund(order.id, { refundId: 'r1', lines: [{ sku: skuA, quantity: 1 }] })
    expect(first.status).toBe(201)
    const one = (await first.json()) as { refund: Refund; order: Order }
    expect(one.refund).toMatchObject({ id: 'r1', amountMinor: 1_250 })
    expect(one.order).toMatchObject({ status: 'paid', refundedMinor: 1_250, version: 3 })

    // The same id and body: the same refund, nothing new; another body under it: 422.
    const replay = await refund(order.id, { refundId: 'r1', lines: [{ sku: skuA, quantity: 1 }] })
    const again = (await replay.json()) as { refund: Refund; order: Order }
    expect([replay.status, again.refund, again.order.version]).toEqual([201, one.refund, 3])
    const reused = await refund(order.id, { refundId: 'r1', amountMinor: 5 })
    expect([reused.status, await errorCode(reused)]).toEqual([422, 'idempotency_key_reused'])

    // More units than are left, more money than is left, a SKU not on the order: refused, nothing written.
    const refusals = [
      [{ refundId: 'r9', lines: [{ sku: skuA, quantity: 3 }] }, 422, 'refund_exceeds_order'],
      [{ refundId: 'r9', amountMinor: 3_500 }, 422, 'refund_exceeds_order'],
      [{ refundId: 'r9', lines: [{ sku: 'NOPE-1', quantity: 1 }] }, 400, 'validation_failed'],
      [{ refundId: 'r9' }, 400, 'validation_failed'],
      [{ refundId: 'r9', amountMinor: 0 }, 400, 'validation_failed'],
      [{ refundId: 'bad id!', amountMinor: 1 }, 400, 'validation_failed'],
      [{ refundId: 'r9', amountMinor: 1, extra: true }, 400, 'validation_failed'],
    ] as const
    for (const [body, status, code] of refusals) {
      const res = await refund(order.id, body)
      expect([JSON.stringify(body), res.status, await errorCode(res)]).toEqual([
        JSON.stringify(body),
        status,
        code,
      ])
    }
    const unknown = await refund('f'.repeat(64), { refundId: 'r9', amountMinor: 1 })
    expect(unknown.status).toBe(404)
    expect(await stubOf(user.id).order(order.id)).toMatchObject({
      version: 3,
      refundedMinor: 1_250,
    })

    // An amount (no units), then the rest through the whole-order route: exactly the total.
    const byAmount = await refund(order.id, { refundId: 'r2', amountMinor: 999, reason: 'late' })
    expect(byAmount.status).toBe(201)
    const rest = await call(`/v1/admin/orders/${order.id}/refund`, {
      method: 'POST',
      token: ADMIN_KEY,
    })
    const done = (await rest.json()) as Order
    expect([rest.status, done.status, done.refundedMinor]).toEqual([200, 'refunded', 4_749])
    expect(done.refunds?.reduce((n, r) => n + r.amountMinor, 0)).toBe(done.totalMinor)
    expect(done.refunds?.at(-1)).toMatchObject({
      amountMinor: 2_500,
      lines: [
        { sku: skuA, quantity: 2 },
        { sku: skuB, quantity: 1 },
      ],
    })
    const late = await refund(order.id, { refundId: 'r3', amountMinor: 1 })
    expect([late.status, await errorCode(late)]).toEqual([409, 'invalid_transition'])

    // Three order.refunded events; delivered twice, each refund counts once.
    await eventsSent(user.id)
    const events = sent.splice(0) as OrderEvent[]
    expect(events.map((e) => e.type)).toEqual([
      'order.refunded',
      'order.refunded',
      'order.refunded',
    ])
    expect((await deliver(events.slice(0, 1), `${order.id}-r1`)).retryMessages).toEqual([])
    expect([await score('bestsellers', productA), await score('spend', user.id)]).toEqual([
      2, 3_499,
    ])
    expect((await deliver(events, `${order.id}-all`)).retryMessages).toEqual([])
    expect((await deliver(events, `${order.id}-again`)).retryMessages).toEqual([])
    expect([
      await score('bestsellers', productA),
      await score('bestsellers', productB),
      await score('spend', user.id),
    ]).toEqual([0, 0, 0])

    // The archive holds the refunded order and every event.
    expect(await archive().getOrder(order.id)).toMatchObject({
      status: 'refunded',
      refundedMinor: 4_749,
      version: 5,
    })
    const archived = await archive().getOrderEvents(order.id)
    expect(archived.map((e) => e.type)).toEqual([
      'order.placed',
      'order.paid',
      'order.refunded',
      'order.refunded',
      'order.refunded',
    ])
    expect(archived[2]?.data.refunds?.map((r) => r.id)).toEqual(['r1'])
  })
})

describe('concurrent refunds', () => {
  it('never give back more than was paid, make one refund per id, and a resent refund event stays order.refunded', async () => {
    const { order, user, sent } = await paidOrder()
    const amounts = await Promise.all(
      ['c1', 'c2', 'c3', 'c4', 'c5'].map((refundId) =>
        refund(order.id, { refundId, amountMinor: 1_500 }),
      ),
    )
    expect(amounts.map((r) => r.status).sort()).toEqual([201, 201, 201, 422, 422])
    const same = await Promise.all(
      [1, 2, 3].map(() => refund(order.id, { refundId: 'c6', amountMinor: 200 })),
    )
    expect(same.map((r) => r.status)).toEqual([201, 201, 201])
    const now = (await stubOf(user.id).order(order.id)) as Order
    expect([now.status, now.refundedMinor, now.refunds?.length]).toEqual(['paid', 4_700, 4])

    // The archive never got these events: the archive check sends the last one again as what it
    // was, a refund (the order's status, paid, would make it an order.paid).
    await eventsSent(user.id)
    sent.splice(0)
    await confirmArchivedAt(stubOf(user.id), Date.now() + 3_600_000)
    await eventsSent(user.id)
    expect((sent as OrderEvent[]).map((e) => [e.type, e.data.version])).toEqual([
      ['order.refunded', now.version],
    ])
  })
})

describe('GET /v1/admin/orders/:id, the list search and the customers', () => {
  it('shows the live order with its customer and timeline, then the archived one after retention', async () => {
    const { order, user, sent, skuA } = await paidOrder()
    expect(
      (await refund(order.id, { refundId: 'p1', lines: [{ sku: skuA, quantity: 2 }] })).status,
    ).toBe(201)
    const email = `shopper-${user.id}@example.test`
    const res = await call(`/v1/admin/orders/${order.id}`, { token: ADMIN_KEY })
    expect(res.status).toBe(200)
    const live = (await res.json()) as {
      source: string
      order: Order
      customer: { userId: string; email: string }
      timeline: { type: string; status: string; version: number; at: number }[]
    }
    expect(live.source).toBe('live')
    expect(live.customer).toEqual({ userId: user.id, email })
    expect(live.order).toMatchObject({ refundedMinor: 2_500, status: 'paid' })
    expect(live.timeline.map((t) => [t.version, t.type, t.status])).toEqual([
      [1, 'order.placed', 'pending_payment'],
      [2, 'order.paid', 'paid'],
      [3, 'order.refunded', 'paid'],
    ])
    expect(live.timeline.every((t, i, all) => i === 0 || t.at >= (all[i - 1]?.at ?? 0))).toBe(true)

    // Archived: the list finds it by email, by id prefix, by status; the customer list by email.
    await eventsSent(user.id)
    expect((await deliver(sent.splice(0), `${order.id}-detail`)).retryMessages).toEqual([])
    const list = async (query: string) =>
      (
        (await (await call(`/v1/admin/orders?${query}`, { token: ADMIN_KEY })).json()) as {
          items: (Order & { email: string | null })[]
        }
      ).items
    const byEmail = await list(`q=${encodeURIComponent(user.id.slice(0, 13))}`)
    expect(byEmail.map((o) => [o.id, o.email, o.refundedMinor])).toEqual([[order.id, email, 2_500]])
    expect((await list(`q=${order.id.slice(0, 12)}`)).map((o) => o.id)).toEqual([order.id])
    expect(await list(`q=${user.id.slice(0, 13)}&status=fulfilled`)).toEqual([])
    expect((await list('q=nobody-at-all@example.test')).length).toBe(0)
    for (const query of ['q=', `q=${'x'.repeat(255)}`]) {
      const bad = await call(`/v1/admin/orders?${query}`, { token: ADMIN_KEY })
      expect([query, bad.status]).toEqual([query, 400])
    }

    const customers = await call(`/v1/admin/customers?q=${user.id}`, { token: ADMIN_KEY })
    expect(await customers.json()).toMatchObject({
      items: [{ userId: user.id, email, orders: 1, spentMinor: 2_249, refundedMinor: 2_500 }],
      nextCursor: null,
    })
    const one = await call(`/v1/admin/customers/${user.id}`, { token: ADMIN_KEY })
    expect(await one.json()).toMatchObject({
      customer: { userId: user.id, orders: 1 },
      orders: { items: [{ id: order.id }] },
    })
    expect((await call('/v1/admin/customers/nobody', { token: ADMIN_KEY })).status).toBe(404)
    expect((await call('/v1/admin/customers?limit=0', { token: ADMIN_KEY })).status).toBe(400)
    expect((await call('/v1/admin/customers', { token: user.token })).status).toBe(403)

    // After the retention window the object lets it go; the archive answers with the same timeline.
    const stub = stubOf(user.id)
    await call(`/v1/admin/orders/${order.id}/fulfil`, { method: 'POST', token: ADMIN_KEY })
    await eventsSent(user.id)
    expect((await deliver(sent.splice(0), `${order.id}-fulfil`)).retryMessages).toEqual([])
    expect(await retireAt(stub, Date.now() + 400 * 86_400_000)).toEqual([order.id])
    expect(await stub.order(order.id)).toBeNull()
    const after = (await (
      await call(`/v1/admin/orders/${order.id}`, { token: ADMIN_KEY })
    ).json()) as typeof live
    expect(after.source).toBe('archive')
    expect(after.customer).toEqual({ userId: user.id, email })
    expect(after.order).toMatchObject({ status: 'fulfilled', refundedMinor: 2_500 })
    expect(after.timeline.map((t) => t.type)).toEqual([
      'order.placed',
      'order.paid',
      'order.refunded',
      'order.fulfilled',
    ])
    expect((await call(`/v1/admin/orders/${'0'.repeat(64)}`, { token: ADMIN_KEY })).status).toBe(
      404,
    )
  })
})
