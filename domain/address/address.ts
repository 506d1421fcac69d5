/** @module Postal addresses and checkout contact: zod schemas with the per-country rules applied. */
import { z } from 'zod'
import { AppError } from '../errors'
import { COUNTRY_RULES, isCountryCode } from './countries'

const text = (max: number) => z.string().trim().min(1).max(max)
const optionalText = (max: number) => z.string().trim().max(max).optional()

/** An ISO 3166-1 alpha-2 country code; lower case is accepted and upper-cased. */
export const CountryCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, { message: 'not an ISO 3166-1 alpha-2 country code' })

/**
 * A shipping or billing address. The country decides the rest: a postal code of its shape where
 * it has one (free-form elsewhere, up to 16 characters), and a region (state, province,
 * prefecture) from its list where one is required (US, CA, AU, JP).
 */
export const Address = z
  .strictObject({
    name: text(100),
    company: optionalText(100),
    line1: text(200),
    line2: optionalText(200),
    city: text(100),
    region: z.string().trim().toUpperCase().max(50).optional(),
    postalCode: z.string().trim().toUpperCase().max(16).optional(),
    country: CountryCode,
  })
  .superRefine((a, ctx) => {
    const rule = COUNTRY_RULES[a.country]
    if (!rule) return
    if (!a.postalCode) ctx.addIssue({ code: 'custom', path: ['postalCode'], message: 'required' })
    else if (!rule.postalCode.test(a.postalCode))
      ctx.addIssue({
        code: 'custom',
        path: ['postalCode'],
        message: `not a ${a.country} postal code (e.g. ${rule.postalExample})`,
      })
    if (rule.regions && !rule.regions.has(a.region ?? ''))
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: a.region ? `not a ${a.country} region code` : 'required',
      })
  })
export type Address = z.infer<typeof Address>

/** An email address (trimmed, lower-cased: it keys guest orders and claims). */
export const Email = z.string().trim().toLowerCase().pipe(z.email().max(254))

/** A phone number in international form; spaces, dots, dashes and brackets are dropped. */
export const Phone = z
  .string()
  .transform((s) => s.replace(/[\s.()-]/g, ''))
  .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, 'an international number such as +44 20 7946 0000'))

/** What checkout asks for: where to ship, whom to bill (defaults to the shipping address), who to tell. */
export const CheckoutContact = z
  .strictObject({
    email: Email,
    phone: Phone.optional(),
    shippingAddress: Address,
    billingAddress: Address.optional(),
  })
  .transform((c) => ({
    ...c,
    shippingAddress: formatAddress(c.shippingAddress),
    billingAddress: formatAddress(c.billingAddress ?? c.shippingAddress),
  }))
export type CheckoutContact = z.output<typeof CheckoutContact>

/** Writes a valid address's postal code in its country's canonical spelling (e.g. `K1A 0B1`). */
export function formatAddress(address: Address): Address {
  const format = COUNTRY_RULES[address.country]?.formatPostalCode
  if (!format || !address.postalCode) return address
  return { ...address, postalCode: format(address.postalCode) }
}

/** Parses an address from outside; a bad one is a `validation_failed` listing each issue. */
export function parseAddress(input: unknown): Address {
  const result = Address.safeParse(input)
  if (!result.success)
    throw new AppError(
      'validation_failed',
      'Invalid address',
      result.error.issues.map((i) => ({
        path: i.path.join('.'),
        message: i.message,
        code: i.code,
      })),
    )
  return formatAddress(result.data)
}
