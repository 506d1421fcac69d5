/** @module Shipping zones, methods and rates, and the quote of the methods open to one cart. */
import { z } from 'zod'
import { CountryCode } from '../address/address'
import { MAX_MINOR } from '../orders/order'

const Minor = z.number().int().min(0).max(MAX_MINOR)
const Id = z.string().min(1).max(64)

/**
 * How a method prices a parcel. `flat`: always `amountMinor`. `free_over`: `amountMinor`, or 0 once
 * the discounted subtotal reaches `freeFromMinor`. `weight`: the first bracket whose `upToGrams`
 * holds the parcel's weight (variants without a weight weigh 0); heavier parcels cannot use it.
 */
export const ShippingRate = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('flat'), amountMinor: Minor }),
  z.strictObject({ kind: z.literal('free_over'), amountMinor: Minor, freeFromMinor: Minor }),
  z.strictObject({
    kind: z.literal('weight'),
    brackets: z
      .array(z.strictObject({ upToGrams: z.number().int().min(1), amountMinor: Minor }))
      .min(1)
      .max(50)
      .refine((b) => b.every((x, i) => i === 0 || x.upToGrams > (b[i - 1]?.upToGrams ?? 0)), {
        message: 'brackets must grow in weight',
      }),
  }),
])
export type ShippingRate = z.infer<typeof ShippingRate>

/** One way to ship, in the store currency. */
export const ShippingMethod = z.strictObject({
  id: Id,
  name: z.string().min(1).max(100),
  rate: ShippingRate,
})
export type ShippingMethod = z.infer<typeof ShippingMethod>

/** A set of countries and the methods that ship there. */
export const ShippingZone = z.strictObject({
  id: Id,
  name: z.string().min(1).max(100),
  countries: z.array(CountryCode).min(1).max(249),
  methods: z.array(ShippingMethod).max(20),
})
export type ShippingZone = z.infer<typeof ShippingZone>

/** A store's zones: a country belongs to one zone at most, and method ids are unique store-wide. */
export const ShippingZones = z
  .array(ShippingZone)
  .max(100)
  .superRefine((zones, ctx) => {
    const countries = new Map<string, string>()
    const methods = new Set<string>()
    zones.forEach((zone, z) => {
      for (const c of zone.countries) {
        const other = countries.get(c)
        if (other !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [z, 'countries'],
            message: `${c} is already in zone ${other}`,
          })
        countries.set(c, zone.id)
      }
      zone.methods.forEach((m, i) => {
        if (methods.has(m.id))
          ctx.addIssue({
            code: 'custom',
            path: [z, 'methods', i, 'id'],
            message: `duplicate method ${m.id}`,
          })
        methods.add(m.id)
      })
    })
  })

/** What the quote needs of a cart: where it goes, what it costs after discounts, what it weighs. */
export interface Parcel {
  country: string
  /** Line amounts after discounts, in the store's price basis (gross or net, as prices are entered). */
  subtotalMinor: number
  weightGrams: number
}

/** A method open to the parcel and its price. */
export interface ShippingQuote {
  methodId: string
  name: string
  zoneId: string
  amountMinor: number
}

/** The price of one method for a parcel, or null when the method cannot carry it. */
export function priceOf(rate: ShippingRate, parcel: Parcel): number | null {
  switch (rate.kind) {
    case 'flat':
      return rate.amountMinor
    case 'free_over':
      return parcel.subtotalMinor >= rate.freeFromMinor ? 0 : rate.amountMinor
    case 'weight':
      return rate.brackets.find((b) => parcel.weightGrams <= b.upToGrams)?.amountMinor ?? null
  }
}

/**
 * The methods that can ship `parcel`, cheapest first (ties by method id), so the same cart and
 * zones always give the same list. A country in no zone gets an empty list.
 */
export function quoteShipping(zones: readonly ShippingZone[], parcel: Parcel): ShippingQuote[] {
  const zone = zones.find((z) => z.countries.includes(parcel.country))
  if (!zone) return []
  const quotes: ShippingQuote[] = []
  for (const m of zone.methods) {
    const amountMinor = priceOf(m.rate, parcel)
    if (amountMinor !== null)
      quotes.push({ methodId: m.id, name: m.name, zoneId: zone.id, amountMinor })
  }
  return quotes.sort((a, b) => a.amountMinor - b.amountMinor || (a.methodId < b.methodId ? -1 : 1))
}
