/** @module Tests of tax rates and the split of an amount into net, tax and gross. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rateFor, splitTax, TaxSettings } from './rates'

const settings = TaxSettings.parse({
  pricesIncludeTax: false,
  originCountry: 'US',
  shipping: 'standard',
  rates: [
    { country: 'US', region: 'NY', standardPpm: 88_750, reducedPpm: 0 },
    { country: 'CA', region: 'ON', standardPpm: 130_000, reducedPpm: 130_000 },
    { country: 'CA', standardPpm: 50_000, reducedPpm: 50_000 },
    { country: 'DE', standardPpm: 190_000, reducedPpm: 70_000 },
  ],
})

describe('rateFor', () => {
  it('takes the region’s rate, then the country’s, then none', () => {
    expect(rateFor(settings, { country: 'US', region: 'NY' }, 'standard')).toBe(88_750)
    expect(rateFor(settings, { country: 'US', region: 'OR' }, 'standard')).toBe(0)
    expect(rateFor(settings, { country: 'CA', region: 'ON' }, 'standard')).toBe(130_000)
    expect(rateFor(settings, { country: 'CA', region: 'AB' }, 'standard')).toBe(50_000)
    expect(rateFor(settings, { country: 'DE' }, 'reduced')).toBe(70_000)
    expect(rateFor(settings, { country: 'DE' }, 'zero')).toBe(0)
    expect(rateFor(settings, { country: 'JP' }, 'standard')).toBe(0)
  })

  it('refuses two rates for the same place', () => {
    const dup = {
      ...settings,
      rates: [...settings.rates, { country: 'de', standardPpm: 1, reducedPpm: 1 }],
    }
    expect(TaxSettings.safeParse(dup).success).toBe(false)
  })
})

describe('splitTax', () => {
  it('adds tax to a net price and carves it out of a gross one, rounding half up', () => {
    // 19% of 1050 is 199.5: a tie, rounded up.
    expect(splitTax(1050, 190_000, false)).toEqual({
      netMinor: 1050,
      taxMinor: 200,
      grossMinor: 1250,
    })
    // 1190 gross at 19% holds exactly 190 of tax.
    expect(splitTax(1190, 190_000, true)).toEqual({
      netMinor: 1000,
      taxMinor: 190,
      grossMinor: 1190,
    })
    // 999 gross at 19%: 159.5042… → 160.
    expect(splitTax(999, 190_000, true)).toEqual({ netMinor: 839, taxMinor: 160, grossMinor: 999 })
    expect(splitTax(1000, 0, true)).toEqual({ netMinor: 1000, taxMinor: 0, grossMinor: 1000 })
  })

  it('keeps net + tax = gross, and an inclusive split of a gross gives back its net within one unit', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000_000), fc.nat(1_000_000), (amount, rate) => {
        const ex = splitTax(amount, rate, false)
        expect(ex.netMinor + ex.taxMinor).toBe(ex.grossMinor)
        const inc = splitTax(ex.grossMinor, rate, true)
        expect(inc.netMinor + inc.taxMinor).toBe(inc.grossMinor)
        expect(inc.netMinor).toBeGreaterThanOrEqual(0)
        expect(Math.abs(inc.netMinor - ex.netMinor)).toBeLessThanOrEqual(1)
      }),
    )
  })
})
