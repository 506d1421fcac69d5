/** @module Tests of addresses and checkout contact: ISO codes, postal shapes, regions, defaults. */
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors'
import { Address, CheckoutContact, parseAddress } from './address'
import { COUNTRY_CODES, COUNTRY_RULES } from './countries'

const base = { name: 'Ada Lovelace', line1: '1 Main St', city: 'Springfield' }
const valid: Record<string, { postalCode: string; region?: string; canonical?: string }> = {
  US: { postalCode: '94105-1234', region: 'CA' },
  CA: { postalCode: 'k1a0b1', region: 'ON', canonical: 'K1A 0B1' },
  GB: { postalCode: 'sw1a1aa', canonical: 'SW1A 1AA' },
  DE: { postalCode: '10115' },
  FR: { postalCode: '75001' },
  NL: { postalCode: '1012ab', canonical: '1012 AB' },
  IT: { postalCode: '00184' },
  ES: { postalCode: '28013' },
  AU: { postalCode: '2000', region: 'nsw' },
  JP: { postalCode: '1000001', region: '13', canonical: '100-0001' },
}
const invalid: Record<string, string> = {
  US: '9410',
  CA: 'D1A 0B1',
  GB: '12345',
  DE: '1011',
  FR: '7500A',
  NL: '0123 AB',
  IT: '0018',
  ES: '53001',
  AU: '20000',
  JP: '100-001',
}

function issues(input: unknown): string[] {
  const r = Address.safeParse(input)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('Address', () => {
  it('lists the 249 assigned ISO 3166-1 codes, each one a region with a name', () => {
    expect(new Set(COUNTRY_CODES).size).toBe(249)
    const names = new Intl.DisplayNames(['en'], { type: 'region' })
    for (const code of COUNTRY_CODES) expect(names.of(code), code).not.toBe(code)
  })

  it.each(Object.entries(valid))(
    'accepts a %s address and writes its postal code canonically',
    (country, v) => {
      const { canonical, ...parts } = v
      const a = parseAddress({ ...base, country: country.toLowerCase(), ...parts })
      expect(a.country).toBe(country)
      expect(a.postalCode).toBe(canonical ?? v.postalCode)
    },
  )

  it.each(Object.entries(invalid))(
    'refuses a %s postal code of the wrong shape',
    (country, postalCode) => {
      const region = valid[country]?.region
      expect(issues({ ...base, country, postalCode, region })).toEqual([
        expect.stringMatching(/^postalCode: not a [A-Z]{2} postal code \(e\.g\. /),
      ])
    },
  )

  it('covers every country the brief names with a rule', () => {
    expect(Object.keys(COUNTRY_RULES)).toEqual(expect.arrayContaining(Object.keys(valid)))
  })

  it('requires a known region where the country has one', () => {
    expect(issues({ ...base, country: 'US', postalCode: '94105' })).toEqual(['region: required'])
    expect(issues({ ...base, country: 'CA', postalCode: 'K1A 0B1', region: 'XX' })).toEqual([
      'region: not a CA region code',
    ])
    expect(issues({ ...base, country: 'JP', postalCode: '100-0001', region: '48' })).toHaveLength(1)
  })

  it('takes a free-form postal code elsewhere and refuses unknown or unassigned countries', () => {
    expect(issues({ ...base, country: 'IE', postalCode: 'D02 X285' })).toEqual([])
    expect(issues({ ...base, country: 'HK' })).toEqual([])
    expect(issues({ ...base, country: 'XK', postalCode: '10000' })).toHaveLength(1)
    expect(issues({ ...base, country: 'UK', postalCode: 'SW1A 1AA' })).toHaveLength(1)
  })

  it('refuses blank required parts and unknown fields, as a validation_failed AppError', () => {
    expect(issues({ ...base, line1: '   ', country: 'DE', postalCode: '10115' })).toHaveLength(1)
    expect(issues({ ...base, country: 'DE', postalCode: '10115', extra: 1 })).toHaveLength(1)
    const err = (() => {
      try {
        parseAddress({ ...base, country: 'DE', postalCode: 'x' })
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: 'validation_failed', details: [{ path: 'postalCode' }] })
  })
})

describe('CheckoutContact', () => {
  const shippingAddress = { ...base, country: 'GB', postalCode: 'ec1a1bb' }

  it('bills the shipping address when no billing address is given', () => {
    const c = CheckoutContact.parse({ email: ' Ada@Example.COM ', shippingAddress })
    expect(c.email).toBe('ada@example.com')
    expect(c.billingAddress).toEqual(c.shippingAddress)
    expect(c.shippingAddress.postalCode).toBe('EC1A 1BB')
    expect(c.phone).toBeUndefined()
  })

  it('keeps a separate billing address and normalizes an international phone number', () => {
    const billingAddress = { ...base, country: 'FR', postalCode: '75001' }
    const c = CheckoutContact.parse({
      email: 'ada@example.com',
      phone: '+44 (20) 7946-0000',
      shippingAddress,
      billingAddress,
    })
    expect(c.billingAddress.country).toBe('FR')
    expect(c.phone).toBe('+442079460000')
  })

  it('refuses a bad email, a national phone number and a bad billing address', () => {
    const bad = (over: object) =>
      CheckoutContact.safeParse({ email: 'a@b.co', shippingAddress, ...over })
    expect(bad({ email: 'not-an-email' }).success).toBe(false)
    expect(bad({ phone: '020 7946 0000' }).success).toBe(false)
    expect(bad({ billingAddress: { ...shippingAddress, country: 'US' } }).success).toBe(false)
    expect(bad({}).success).toBe(true)
  })
})
