/** @module Placing an order once: the idempotency record and the reservation saga. */
import { AppError, UpstreamError } from '#domain/errors'
import { createOrder } from '#domain/orders/order'
import { PlaceOrderInput, type PlaceResult } from '#domain/orders/place'
import type { OrderLifecycle } from './lifecycle'
import { refuseIfRetired } from './retention'
import { reserveAll } from './stock'
import { loadPlacement, type Placement, saveHolder, saveOrder, savePlacement } from './tables'

/**
 * Places the order, or answers as the first placement did. The same key with another request is
 * refused (`idempotency_key_reused`). The record is written before the first await, and the
 * caller serialises calls, so concurrent identical requests make one order.
 */
export async function place(life: OrderLifecycle, input: PlaceOrderInput): Promise<PlaceResult> {
  const parsed = PlaceOrderInput.safeParse(input)
  if (!parsed.success)
    throw new AppError('validation_failed', 'invalid placement', parsed.error.issues)
  const request = parsed.data
  refuseIfRetired(life.sql)
  const existing = loadPlacement(life.sql)
  if (existing) {
    assertSameRequest(existing, request)
    if (existing.state === 'done' && existing.result) return existing.result
    // A saga that stopped half-way resumes: reservations are idempotent per id.
    return runSaga(life, existing)
  }
  const now = Date.now()
  const expiresAt = now + request.ttlSeconds * 1_000
  // Check the order can be built before holding any stock for it.
  createOrder({ ...request, id: life.id, now, expiresAt })
  const placement: Placement = {
    request,
    state: 'placing',
    result: null,
    expiresAt,
    createdAt: now,
  }
  savePlacement(life.sql, placement)
  // The alarm at expiry abandons the placement if the saga never finishes.
  await life.reschedule()
  return runSaga(life, placement)
}

/**
 * The stored answer to an earlier placement with this key, without placing anything: null when
 * none was made or its saga has not finished. Lets a retry be answered before the caller prices
 * the lines again, so a catalog change in between cannot alter the replayed answer.
 */
export function replay(life: OrderLifecycle, request: PlacementKey): PlaceResult | null {
  refuseIfRetired(life.sql)
  const existing = loadPlacement(life.sql)
  if (!existing) return null
  assertSameRequest(existing, request)
  return existing.state === 'done' ? existing.result : null
}

/** What identifies a placement: who, under which key, for which request body. */
export type PlacementKey = Pick<PlaceOrderInput, 'userId' | 'idempotencyKey' | 'requestHash'>

function assertSameRequest(existing: Placement, request: PlacementKey): void {
  const same =
    existing.request.requestHash === request.requestHash &&
    existing.request.userId === request.userId &&
    existing.request.idempotencyKey === request.idempotencyKey
  if (!same)
    throw new AppError('idempotency_key_reused', 'this key was already used for another request')
}

/** Gives up a placement whose saga did not finish before its reservations lapse. */
export async function abandonIfStalled(life: OrderLifecycle, now: number): Promise<void> {
  const p = loadPlacement(life.sql)
  if (p?.state !== 'placing' || now < p.expiresAt) return
  finish(life, p, { ok: false, code: 'placement_expired' })
  await life.releaseLines(p.request.lines)
}

async function runSaga(life: OrderLifecycle, p: Placement): Promise<PlaceResult> {
  const { request } = p
  const { shortfalls, failure } = await reserveAll(
    life.inventory(),
    life.id,
    request.lines,
    p.expiresAt,
    (sku, holder) => saveHolder(life.sql, sku, holder),
  )
  if (shortfalls.length > 0) {
    finish(life, p, { ok: false, code: 'insufficient_stock', shortfalls })
    // Compensation, once the answer is stored: give back whatever this order holds.
    await life.releaseLines(request.lines)
    await life.reschedule()
    return storedResult(life)
  }
  if (failure) {
    // Nothing is decided yet: a retry with the same key resumes here.
    const message = failure instanceof Error ? failure.message : String(failure)
    throw new UpstreamError('inventory', message, undefined, true, { cause: failure })
  }
  const now = Date.now()
  const order = createOrder({ ...request, id: life.id, now, expiresAt: p.expiresAt })
  life.transaction(() => {
    saveOrder(life.sql, { order, settled: true, settleAttempts: 0, settleRetryAt: null })
    life.enqueueEvent(order, now)
    finish(life, p, { ok: true, order })
  })
  await life.reschedule()
  await life.flush()
  await life.reschedule()
  return storedResult(life)
}

function finish(life: OrderLifecycle, p: Placement, result: PlaceResult): void {
  savePlacement(life.sql, { ...p, state: 'done', result })
}

/** Every caller gets the answer as stored, so the first and every replay are identical. */
function storedResult(life: OrderLifecycle): PlaceResult {
  const result = loadPlacement(life.sql)?.result
  if (!result) throw new Error('placement has no stored result')
  return result
}
