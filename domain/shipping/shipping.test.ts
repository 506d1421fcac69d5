/** @module Tests of shipping zones and quotes: flat, free over a subtotal, by weight, determinism. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { quoteShipping, type ShippingZone, ShippingZones } from './shipping'

const zones: ShippingZone[] = ShippingZones.parse([
  {
    id: 'eu',
    name: 'Europe',
    countries: ['de', 'FR', 'NL'],
    methods: [
      {
        id: 'eu-standard',
        name: 'Standard',
        rate: { kind: 'free_over', amountMinor: 495, freeFromMinor: 5000 },
      },
      {
        id: 'eu-parcel',
        name: 'Parcel',
        rate: {
          kind: 'weight',
          brackets: [
            { upToGrams: 1000, amountMinor: 600 },
            { upToGrams: 5000, amountMinor: 1200 },
          ],
        },
      },
      { id: 'eu-express', name: 'Express', rate: { kind: 'flat', amountMinor: 1500 } },
    ],
  },
  {
    id: 'us',
    name: 'United States',
    countries: ['US'],
    methods: [{ id: 'us-flat', name: 'Ground', rate: { kind: 'flat', amountMinor: 800 } }],
  },
])

describe('quoteShipping', () => {
  it('quotes the methods of the zone of the country, cheapest first', () => {
    expect(quoteShipping(zones, { country: 'DE', subtotalMinor: 1000, weightGrams: 1000 })).toEqual(
      [
        { methodId: 'eu-standard', name: 'Standard', zoneId: 'eu', amountMinor: 495 },
        { methodId: 'eu-parcel', name: 'Parcel', zoneId: 'eu', amountMinor: 600 },
        { methodId: 'eu-express', name: 'Express', zoneId: 'eu', amountMinor: 1500 },
      ],
    )
  })

  it('ships free from the threshold on, not one unit below it', () => {
    const at = (subtotalMinor: number) =>
      quoteShipping(zones, { country: 'FR', subtotalMinor, weightGrams: 0 }).find(
        (q) => q.methodId === 'eu-standard',
      )
    expect(at(4999)?.amountMinor).toBe(495)
    expect(at(5000)?.amountMinor).toBe(0)
  })

  it('prices by weight bracket and drops a method the parcel is too heavy for', () => {
    const parcel = (weightGrams: number) =>
      quoteShipping(zones, { country: 'NL', subtotalMinor: 0, weightGrams })
    expect(parcel(1001).find((q) => q.methodId === 'eu-parcel')?.amountMinor).toBe(1200)
    expect(parcel(5001).map((q) => q.methodId)).toEqual(['eu-standard', 'eu-express'])
  })

  it('offers nothing to a country in no zone', () => {
    expect(quoteShipping(zones, { country: 'JP', subtotalMinor: 100, weightGrams: 1 })).toEqual([])
  })

  it('refuses a country in two zones, duplicate method ids and shrinking brackets', () => {
    const twice = [zones[0], { ...zones[1], countries: ['US', 'DE'] }]
    expect(ShippingZones.safeParse(twice).success).toBe(false)
    const dup = [
      zones[0],
      { ...zones[1], methods: [{ ...zones[1]?.methods[0], id: 'eu-express' }] },
    ]
    expect(ShippingZones.safeParse(dup).success).toBe(false)
    const shrinking = {
      kind: 'weight',
      brackets: [
        { upToGrams: 10, amountMinor: 1 },
        { upToGrams: 5, amountMinor: 2 },
      ],
    }
    const bad = [{ ...zones[1], methods: [{ id: 'x', name: 'X', rate: shrinking }] }]
    expect(ShippingZones.safeParse(bad).success).toBe(false)
  })

  it('gives the same quotes whatever order the methods are listed in', () => {
    const [eu] = zones
    if (!eu) throw new Error('fixture')
    fc.assert(
      fc.property(
        fc.shuffledSubarray(eu.methods, { minLength: eu.methods.length }),
        fc.nat(10_000),
        fc.nat(6_000),
        (methods, subtotalMinor, weightGrams) => {
          const parcel = { country: 'DE', subtotalMinor, weightGrams }
          expect(quoteShipping([{ ...eu, methods }], parcel)).toEqual(quoteShipping(zones, parcel))
        },
      ),
    )
  })
})
