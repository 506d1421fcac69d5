/** @module Worked examples of computeTotals: an EU VAT store and a US sales-tax store. */
import { describe, expect, it } from 'vitest'
import { Discount } from '../discounts/discount'
import { AppError } from '../errors'
import { ShippingZones } from '../shipping/shipping'
import { TaxSettings } from '../tax/rates'
import { computeTotals, quoteCart, type TotalsInput, TotalsLine } from './totals'

const zones = ShippingZones.parse([
  {
    id: 'eu',
    name: 'EU',
    countries: ['DE', 'FR'],
    methods: [
      {
        id: 'dhl',
        name: 'DHL',
        rate: { kind: 'free_over', amountMinor: 499, freeFromMinor: 10_000 },
      },
    ],
  },
  {
    id: 'us',
    name: 'US',
    countries: ['US'],
    methods: [{ id: 'ground', name: 'Ground', rate: { kind: 'flat', amountMinor: 800 } }],
  },
])
const eu = TaxSettings.parse({
  pricesIncludeTax: true,
  originCountry: 'DE',
  shipping: 'proportional',
  rates: [
    { country: 'DE', standardPpm: 190_000, reducedPpm: 70_000 },
    { country: 'FR', standardPpm: 200_000, reducedPpm: 55_000 },
  ],
})
const us = TaxSettings.parse({
  pricesIncludeTax: false,
  originCountry: 'US',
  shipping: 'standard',
  rates: [{ country: 'US', region: 'NY', standardPpm: 88_750, reducedPpm: 0 }],
})
const lines = [
  TotalsLine.parse({
    sku: 'tee',
    productId: 'p1',
    title: 'Tee',
    unitPriceMinor: 1999,
    quantity: 3,
    taxClass: 'standard',
    weightGrams: 200,
  }),
  TotalsLine.parse({
    sku: 'book',
    productId: 'p2',
    title: 'Book',
    unitPriceMinor: 1500,
    quantity: 1,
    taxClass: 'reduced',
  }),
  TotalsLine.parse({
    sku: 'gift',
    productId: 'p3',
    title: 'Gift card',
    unitPriceMinor: 2500,
    quantity: 1,
    taxClass: 'zero',
  }),
]
const tenPercent = Discount.parse({
  id: 'd',
  code: 'TEN',
  value: { kind: 'percentage', basisPoints: 1000 },
  target: { kind: 'order' },
})
const base: TotalsInput = {
  currency: 'EUR',
  lines,
  destination: { country: 'DE' },
  shipping: { zones, methodId: 'dhl' },
  discounts: [tenPercent],
  tax: eu,
  now: 0,
}

describe('computeTotals', () => {
  it('prices an EU cart with VAT included, a discount and proportionally taxed shipping', () => {
    const t = computeTotals(base)
    expect(t.subtotalMinor).toBe(9997)
    // 10% of 9997 = 999.7 → 1000, split 5997:1500:2500 → 599.9, 150.0, 250.0 → 600, 150, 250.
    expect(t.lines.map((l) => [l.discountMinor, l.grossMinor, l.taxMinor])).toEqual([
      // 5397 · 0.19/1.19 = 861.7 → 862; 1350 · 0.07/1.07 = 88.3 → 88.
      [600, 5397, 862],
      [150, 1350, 88],
      [250, 2250, 0],
    ])
    // 499 split 5397:1350:2250 → 299.3, 74.9, 124.8 → 299, 75, 125; VAT 47.7 → 48, 4.9 → 5, 0.
    expect(t.shipping).toEqual({
      methodId: 'dhl',
      name: 'DHL',
      amountMinor: 499,
      netMinor: 446,
      taxMinor: 53,
      grossMinor: 499,
    })
    expect(t.taxMinor).toBe(862 + 88 + 53)
    expect(t.totalMinor).toBe(9997 - 1000 + 499)
    expect(t.weightGrams).toBe(600)
  })

  it('taxes at the destination’s rates and ships free over the threshold on the discounted subtotal', () => {
    const t = computeTotals({
      ...base,
      destination: { country: 'FR' },
      discounts: [],
      lines: [{ ...lines[0], quantity: 4 } as TotalsLine],
    })
    expect(t.lines[0]?.taxRatePpm).toBe(200_000)
    expect(t.shipping?.amountMinor).toBe(499)
    const free = computeTotals({
      ...base,
      discounts: [],
      lines: [{ ...lines[0], quantity: 6 }, lines[1]] as TotalsLine[],
    })
    expect(free.shipping?.amountMinor).toBe(0)
  })

  it('adds US sales tax on top, shipping taxed at the standard rate of the state', () => {
    const t = computeTotals({
      ...base,
      currency: 'USD',
      destination: { country: 'US', region: 'NY' },
      shipping: { zones, methodId: 'ground' },
      discounts: [],
      tax: us,
    })
    // 5997 · 8.875% = 532.2 → 532; books reduced 0; shipping 800 · 8.875% = 71.
    expect(t.lines.map((l) => l.taxMinor)).toEqual([532, 0, 0])
    expect(t.shipping?.taxMinor).toBe(71)
    expect(t.totalMinor).toBe(9997 + 800 + 532 + 71)
  })

  it('estimates tax at the store’s origin and prices no shipping before an address', () => {
    const t = computeTotals({ ...base, destination: null, shipping: null, discounts: [] })
    expect(t.shipping).toBeNull()
    expect(t.lines[0]?.taxRatePpm).toBe(190_000)
    expect(t.totalMinor).toBe(9997)
  })

  it('refuses a method that does not ship there, an ineligible discount and duplicate SKUs', () => {
    const code = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return e instanceof AppError ? e.code : 'not an AppError'
      }
      return 'no error'
    }
    expect(code(() => computeTotals({ ...base, destination: { country: 'JP' } }))).toBe(
      'shipping_method_unavailable',
    )
    expect(code(() => computeTotals({ ...base, shipping: { zones, methodId: 'ground' } }))).toBe(
      'shipping_method_unavailable',
    )
    expect(
      code(() =>
        computeTotals({ ...base, discounts: [{ ...tenPercent, minSubtotalMinor: 10_000 }] }),
      ),
    ).toBe('discount_minimum_not_met')
    expect(
      code(() => computeTotals({ ...base, lines: [lines[0], lines[0]] as TotalsLine[] })),
    ).toBe('validation_failed')
    expect(code(() => computeTotals({ ...base, lines: [] }))).toBe('validation_failed')
  })

  it('quotes on the discounted subtotal: a discount can take a cart below free shipping', () => {
    const coat = [{ ...lines[0], unitPriceMinor: 10_500, quantity: 1 }] as TotalsLine[]
    expect(quoteCart({ ...base, lines: coat, discounts: [] }, zones)).toMatchObject([
      { methodId: 'dhl', amountMinor: 0 },
    ])
    // 10500 − 10% = 9450, below the 10000 threshold.
    expect(quoteCart({ ...base, lines: coat }, zones)).toMatchObject([
      { methodId: 'dhl', amountMinor: 499 },
    ])
    expect(computeTotals({ ...base, lines: coat }).shipping?.amountMinor).toBe(499)
    expect(quoteCart({ ...base, destination: null }, zones)).toEqual([])
  })

  it('stacks discounts, the second on what the first left', () => {
    const fiver = Discount.parse({
      id: 'f',
      code: null,
      value: { kind: 'fixed', amountMinor: 500, currency: 'EUR' },
      target: { kind: 'products', productIds: ['p2'] },
    })
    const t = computeTotals({ ...base, discounts: [tenPercent, fiver] })
    expect(t.discounts).toEqual([
      { id: 'd', code: 'TEN', amountMinor: 1000 },
      { id: 'f', code: null, amountMinor: 500 },
    ])
    expect(t.lines[1]?.grossMinor).toBe(850)
    expect(t.discountMinor).toBe(1500)
  })
})
