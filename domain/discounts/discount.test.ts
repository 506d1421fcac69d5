/** @module Tests of discount eligibility and of the exact allocation of a discount over lines. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocateDiscount } from './allocation'
import { checkDiscount, Discount } from './discount'

const pct = (basisPoints: number, over: object = {}) =>
  Discount.parse({
    id: 'd1',
    code: ' summer-10 ',
    value: { kind: 'percentage', basisPoints },
    target: { kind: 'order' },
    ...over,
  })
const fixed = (amountMinor: number, over: object = {}) =>
  Discount.parse({
    id: 'd2',
    code: null,
    value: { kind: 'fixed', amountMinor, currency: 'EUR' },
    target: { kind: 'order' },
    ...over,
  })
const lines = [
  { productId: 'p1', categoryId: 'shoes', amountMinor: 3000 },
  { productId: 'p2', categoryId: 'socks', amountMinor: 999 },
  { productId: 'p3', amountMinor: 1 },
]
const cart = { now: 1_000, currency: 'EUR', subtotalMinor: 4000, lines }

describe('checkDiscount', () => {
  it('normalizes the code and applies inside its window', () => {
    const d = pct(1000, { startsAt: 1_000, endsAt: 2_000 })
    expect(d.code).toBe('SUMMER-10')
    expect(checkDiscount(d, cart)).toEqual({ ok: true })
    expect(checkDiscount(d, { ...cart, now: 999 })).toEqual({
      ok: false,
      code: 'discount_not_started',
    })
    expect(checkDiscount(d, { ...cart, now: 2_000 })).toEqual({
      ok: false,
      code: 'discount_expired',
    })
  })

  it('refuses below the minimum subtotal, in another currency, or with no targeted line', () => {
    expect(checkDiscount(pct(1000, { minSubtotalMinor: 4001 }), cart).ok).toBe(false)
    expect(checkDiscount(pct(1000, { minSubtotalMinor: 4000 }), cart).ok).toBe(true)
    expect(checkDiscount(fixed(100), { ...cart, currency: 'USD' })).toEqual({
      ok: false,
      code: 'discount_currency_mismatch',
    })
    const onHats = pct(1000, { target: { kind: 'categories', categoryIds: ['hats'] } })
    expect(checkDiscount(onHats, cart)).toEqual({ ok: false, code: 'discount_not_applicable' })
  })

  it('refuses once the total or the customer’s uses reach their limits', () => {
    const d = pct(1000, { usageLimit: 50, perCustomerLimit: 1 })
    expect(checkDiscount(d, cart, { total: 49, byCustomer: 0 })).toEqual({ ok: true })
    expect(checkDiscount(d, cart, { total: 50, byCustomer: 0 })).toEqual({
      ok: false,
      code: 'discount_exhausted',
    })
    expect(checkDiscount(d, cart, { total: 3, byCustomer: 1 })).toEqual({
      ok: false,
      code: 'discount_customer_limit',
    })
  })

  it('refuses malformed discounts', () => {
    expect(() => pct(10_001)).toThrow()
    expect(() => pct(100, { code: 'a b' })).toThrow()
    expect(() => pct(100, { startsAt: 5, endsAt: 5 })).toThrow()
  })
})

describe('allocateDiscount', () => {
  it('takes a rounded percentage of the targeted lines and spreads it by largest remainder', () => {
    // 10% of 4000 = 400, split 3000:999:1 → 300, 99.9, 0.1 → 300, 100, 0.
    expect(allocateDiscount(pct(1000), lines)).toEqual([300, 100, 0])
    // 12.5% of 999 = 124.875 → 125, all on the socks.
    expect(
      allocateDiscount(pct(1250, { target: { kind: 'products', productIds: ['p2'] } }), lines),
    ).toEqual([0, 125, 0])
  })

  it('caps a fixed amount at what the targeted lines cost', () => {
    expect(
      allocateDiscount(
        fixed(5000, { target: { kind: 'categories', categoryIds: ['socks'] } }),
        lines,
      ),
    ).toEqual([0, 999, 0])
    expect(allocateDiscount(fixed(100), lines)).toEqual([75, 25, 0])
  })

  it('sums exactly to the discount, never past a line or the subtotal', () => {
    const line = fc.record({
      productId: fc.constantFrom('p1', 'p2', 'p3'),
      amountMinor: fc.nat(1_000_000),
    })
    const value = fc.oneof(
      fc.record({
        kind: fc.constant('percentage' as const),
        basisPoints: fc.integer({ min: 1, max: 10_000 }),
      }),
      fc.record({
        kind: fc.constant('fixed' as const),
        amountMinor: fc.integer({ min: 1, max: 5_000_000 }),
        currency: fc.constant('EUR'),
      }),
    )
    const target = fc.oneof(
      fc.constant({ kind: 'order' as const }),
      fc.record({
        kind: fc.constant('products' as const),
        productIds: fc.subarray(['p1', 'p2', 'p3'], { minLength: 1 }),
      }),
    )
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), value, target, (ls, v, t) => {
        const d = Discount.parse({ id: 'x', code: null, value: v, target: t })
        const shares = allocateDiscount(d, ls)
        const eligible = ls.reduce(
          (a, l) =>
            a + (t.kind === 'order' || t.productIds.includes(l.productId) ? l.amountMinor : 0),
          0,
        )
        const total = shares.reduce((a, s) => a + s, 0)
        const expected =
          v.kind === 'fixed'
            ? Math.min(v.amountMinor, eligible)
            : Math.floor((eligible * v.basisPoints + 5_000) / 10_000)
        expect(total).toBe(expected)
        shares.forEach((s, i) => {
          expect(s).toBeLessThanOrEqual(ls[i]?.amountMinor ?? 0)
        })
        expect(total).toBeLessThanOrEqual(ls.reduce((a, l) => a + l.amountMinor, 0))
      }),
    )
  })
})
