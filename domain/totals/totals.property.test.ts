/** @module Property tests of computeTotals: exact sums, no negatives, discount caps, inclusive vs exclusive, rounding. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Discount } from '../discounts/discount'
import { ShippingZones } from '../shipping/shipping'
import { TaxSettings } from '../tax/rates'
import { computeTotals, quoteCart, type TotalsInput, type TotalsLine } from './totals'

const zones = ShippingZones.parse([
  {
    id: 'all',
    name: 'All',
    countries: ['DE', 'US'],
    methods: [
      { id: 'flat', name: 'Flat', rate: { kind: 'flat', amountMinor: 499 } },
      {
        id: 'free',
        name: 'Free over',
        rate: { kind: 'free_over', amountMinor: 1299, freeFromMinor: 20_000 },
      },
      {
        id: 'kg',
        name: 'By weight',
        rate: { kind: 'weight', brackets: [{ upToGrams: 1_000_000_000, amountMinor: 2500 }] },
      },
    ],
  },
])

const ppm = fc.integer({ min: 0, max: 300_000 })
const line = (i: number): fc.Arbitrary<TotalsLine> =>
  fc.record({
    sku: fc.constant(`sku-${i}`),
    productId: fc.constantFrom('p1', 'p2', 'p3'),
    categoryId: fc.constantFrom('c1', 'c2'),
    title: fc.constant('Thing'),
    unitPriceMinor: fc.nat(500_000),
    quantity: fc.integer({ min: 1, max: 20 }),
    taxClass: fc.constantFrom('standard', 'reduced', 'zero'),
    weightGrams: fc.nat(5_000),
  })
const cartLines = fc
  .integer({ min: 1, max: 12 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => line(i))))
const discount = fc
  .record({
    value: fc.oneof(
      fc.record({
        kind: fc.constant('percentage' as const),
        basisPoints: fc.integer({ min: 1, max: 10_000 }),
      }),
      fc.record({
        kind: fc.constant('fixed' as const),
        amountMinor: fc.integer({ min: 1, max: 10_000_000 }),
        currency: fc.constant('EUR'),
      }),
    ),
    target: fc.oneof(
      fc.constant({ kind: 'order' as const }),
      fc.record({
        kind: fc.constant('products' as const),
        productIds: fc.subarray(['p1', 'p2', 'p3'], { minLength: 1 }),
      }),
      fc.record({
        kind: fc.constant('categories' as const),
        categoryIds: fc.subarray(['c1', 'c2'], { minLength: 1 }),
      }),
    ),
  })
  .map((d) => Discount.parse({ id: 'd', code: null, ...d }))
const input = fc.record({
  lines: cartLines,
  inclusive: fc.boolean(),
  standardPpm: ppm,
  reducedPpm: ppm,
  shippingRule: fc.constantFrom('standard', 'reduced', 'zero', 'proportional' as const),
  methodId: fc.constantFrom('flat', 'free', 'kg', null),
  discounts: fc.array(discount, { maxLength: 2 }),
})
type Drawn = typeof input extends fc.Arbitrary<infer T> ? T : never

function build(d: Drawn): TotalsInput {
  const tax = TaxSettings.parse({
    pricesIncludeTax: d.inclusive,
    originCountry: 'DE',
    shipping: d.shippingRule,
    rates: [{ country: 'DE', standardPpm: d.standardPpm, reducedPpm: d.reducedPpm }],
  })
  return {
    currency: 'EUR',
    lines: d.lines,
    destination: { country: 'DE' },
    shipping: d.methodId ? { zones, methodId: d.methodId } : null,
    discounts: d.discounts,
    tax,
    now: 0,
  }
}

/** computeTotals, or null when a drawn discount does not apply to the drawn cart. */
function totalsOf(d: Drawn) {
  try {
    return computeTotals(build(d))
  } catch (e) {
    if (e instanceof Error && 'code' in e && String(e.code).startsWith('discount_')) return null
    throw e
  }
}

const sum = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0)

describe('computeTotals (properties)', () => {
  it('adds up exactly: lines and shipping make the total, and the breakdown agrees with it', () => {
    fc.assert(
      fc.property(input, (d) => {
        const t = totalsOf(d)
        if (!t) return
        const ship = t.shipping ?? { amountMinor: 0, netMinor: 0, taxMinor: 0, grossMinor: 0 }
        for (const x of [...t.lines, ship]) expect(x.netMinor + x.taxMinor).toBe(x.grossMinor)
        expect(sum(t.lines.map((l) => l.grossMinor)) + ship.grossMinor).toBe(t.totalMinor)
        expect(sum(t.lines.map((l) => l.taxMinor)) + ship.taxMinor).toBe(t.taxMinor)
        expect(sum(t.lines.map((l) => l.discountMinor))).toBe(t.discountMinor)
        expect(sum(t.discounts.map((x) => x.amountMinor))).toBe(t.discountMinor)
        const charged = t.subtotalMinor - t.discountMinor + ship.amountMinor
        expect(t.totalMinor).toBe(t.pricesIncludeTax ? charged : charged + t.taxMinor)
      }),
      { numRuns: 300 },
    )
  })

  it('never goes negative and never discounts more than the subtotal or a line', () => {
    fc.assert(
      fc.property(input, (d) => {
        const t = totalsOf(d)
        if (!t) return
        expect(t.discountMinor).toBeLessThanOrEqual(t.subtotalMinor)
        for (const l of t.lines) {
          expect(l.discountMinor).toBeLessThanOrEqual(l.subtotalMinor)
          for (const v of [l.discountMinor, l.netMinor, l.taxMinor, l.grossMinor])
            expect(v).toBeGreaterThanOrEqual(0)
        }
        expect(t.totalMinor).toBeGreaterThanOrEqual(0)
        if (t.shipping)
          expect(Math.min(t.shipping.netMinor, t.shipping.taxMinor)).toBeGreaterThanOrEqual(0)
      }),
      { numRuns: 300 },
    )
  })

  it('rounds each line’s tax half up from its exact value', () => {
    fc.assert(
      fc.property(input, (d) => {
        const t = totalsOf(d)
        if (!t) return
        for (const l of t.lines) {
          const amount = BigInt(l.subtotalMinor - l.discountMinor)
          const r = BigInt(l.taxRatePpm)
          // exact tax = num / den; half up means tax − ½ <= exact < tax + ½.
          const [num, den] = t.pricesIncludeTax
            ? [amount * r, 1_000_000n + r]
            : [amount * r, 1_000_000n]
          const twice = 2n * (BigInt(l.taxMinor) * den - num)
          expect(twice > -den && twice <= den).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('charges for shipping exactly what it quoted, and quotes every method it would charge for', () => {
    fc.assert(
      fc.property(input, (d) => {
        if (!totalsOf(d)) return
        const quotes = quoteCart(build(d), zones)
        for (const method of ['flat', 'free', 'kg'] as const) {
          const quote = quotes.find((q) => q.methodId === method)
          const charged = totalsOf({ ...d, methodId: method })?.shipping?.amountMinor
          expect(charged).toBe(quote?.amountMinor)
        }
      }),
      { numRuns: 200 },
    )
  })

  it('agrees with itself between exclusive and inclusive pricing of the same goods', () => {
    // An exclusive cart's line gross, entered as an inclusive price, carries the same tax within one unit.
    fc.assert(
      fc.property(input, (d) => {
        const ex = totalsOf({ ...d, inclusive: false, discounts: [], methodId: null })
        if (!ex) return
        const grossLines = ex.lines.map((l) => ({
          ...l,
          unitPriceMinor: l.grossMinor,
          quantity: 1,
        }))
        const inc = totalsOf({
          ...d,
          inclusive: true,
          discounts: [],
          methodId: null,
          lines: grossLines.map(
            ({
              sku,
              productId,
              categoryId,
              title,
              unitPriceMinor,
              quantity,
              taxClass,
              weightGrams,
            }) => ({
              sku,
              productId,
              categoryId,
              title,
              unitPriceMinor,
              quantity,
              taxClass,
              weightGrams,
            }),
          ),
        })
        if (!inc) return
        expect(inc.totalMinor).toBe(ex.totalMinor)
        ex.lines.forEach((l, i) => {
          expect(Math.abs((inc.lines[i]?.netMinor ?? 0) - l.netMinor)).toBeLessThanOrEqual(1)
        })
      }),
      { numRuns: 300 },
    )
  })
})
