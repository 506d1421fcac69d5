/**
 * @module The shopper's side of a discount code's uses: reserve one per code at checkout (beside
 * the stock), release them when the order ends unpaid or the checkout fails, commit them when it
 * is paid. Each call is idempotent per order id at the code's DiscountCode object.
 */
import { AppError } from '#domain/errors'
import { errorMessage } from '#domain/log'
import type { Totals } from '#domain/totals/totals'
import { DiscountCodes, type UseRequest } from '../discount-code/adapter'
import type { DiscountCode } from '../discount-code/discount-code'

/** A code the object would not grant, and why (`discount_exhausted`, `discount_customer_limit`, …). */
export interface CodeRefusal {
  code: string
  reason: string
}

/** The codes an order's breakdown used: one DiscountCode call each, none for an order without. */
export function codesOf(totals: Pick<Totals, 'discounts'> | null | undefined): string[] {
  return (totals?.discounts ?? []).flatMap((d) => (d.code ? [d.code] : []))
}

/** Holds one use of every code for the order; refusals are answers, a failed call is `failure`. */
export async function reserveCodes(
  namespace: DurableObjectNamespace<DiscountCode>,
  codes: readonly string[],
  request: UseRequest,
): Promise<{ refusals: CodeRefusal[]; failure: unknown }> {
  if (codes.length === 0) return { refusals: [], failure: null }
  const objects = new DiscountCodes(namespace)
  const outcomes = await Promise.allSettled(codes.map((code) => objects.reserve(code, request)))
  const refusals: CodeRefusal[] = []
  let failure: unknown = null
  outcomes.forEach((o, i) => {
    const code = codes[i] as string
    if (o.status === 'rejected') {
      // An unknown code's object (its definition never written) refuses like an exhausted one.
      if (o.reason instanceof AppError && o.reason.code === 'not_found')
        refusals.push({ code, reason: 'discount_not_found' })
      else if (o.reason instanceof AppError && o.reason.code === 'reservation_not_active')
        refusals.push({ code, reason: 'discount_expired' })
      else failure = o.reason
    } else if (!o.value.reserved) refusals.push({ code, reason: o.value.refusal })
  })
  return { refusals, failure }
}

/** A code whose commit or release did not go through, and whether trying again can help. */
export interface CodeSettleFailure {
  code: string
  message: string
  retryable: boolean
}

/** Commits (paid) or releases (ended unpaid, checkout refused) the order's use of every code. */
export async function settleCodes(
  namespace: DurableObjectNamespace<DiscountCode>,
  codes: readonly string[],
  orderId: string,
  action: 'commit' | 'release',
): Promise<CodeSettleFailure[]> {
  if (codes.length === 0) return []
  const objects = new DiscountCodes(namespace)
  const outcomes = await Promise.allSettled(codes.map((code) => objects[action](code, orderId)))
  return outcomes.flatMap((o, i) => {
    if (o.status === 'fulfilled') return []
    const err = o.reason
    const retryable = !(err instanceof AppError) || err.code === 'upstream_unavailable'
    return [{ code: codes[i] as string, message: errorMessage(err), retryable }]
  })
}
