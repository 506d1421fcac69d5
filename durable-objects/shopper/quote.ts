/**
 * @module The one path from a shopper's lines and checkout details to a price: the cart API and
 * checkout both call `totalsFor` (domain/totals' computeTotals with the store's settings), so the
 * totals a cart shows are the totals the order is placed with.
 */
import { z } from 'zod'
import { Address, CheckoutContact } from '#domain/address/address'
import { checkDiscount, type Discount, DiscountCode } from '#domain/discounts/discount'
import { AppError } from '#domain/errors'
import { OrderContact } from '#domain/orders/order'
import type { TaxPlace, TaxSettings } from '#domain/tax/rates'
import { computeTotals, type Totals, type TotalsLine } from '#domain/totals/totals'
import type { Settings } from '../store-settings/adapter'

/** At most this many codes on one order. */
export const MAX_DISCOUNT_CODES = 3

/**
 * What checkout (and a priced cart) may be told besides the lines: who to tell, where it ships,
 * whom to bill (defaults to the shipping address), the shipping method, and discount codes.
 */
export const CheckoutDetails = z.strictObject({
  contact: OrderContact.optional(),
  shippingAddress: Address.optional(),
  billingAddress: Address.optional(),
  shippingMethodId: z.string().min(1).max(64).optional(),
  discountCodes: z
    .array(DiscountCode)
    .max(MAX_DISCOUNT_CODES)
    .refine((c) => new Set(c).size === c.length, 'each code once')
    .optional(),
})
export type CheckoutDetails = z.infer<typeof CheckoutDetails>

/** The checkout details of a request, without its lines. */
export function detailsOf(request: CheckoutDetails & object): CheckoutDetails {
  const { contact, shippingAddress, billingAddress, shippingMethodId, discountCodes } = request
  return Object.fromEntries(
    Object.entries({
      contact,
      shippingAddress,
      billingAddress,
      shippingMethodId,
      discountCodes,
    }).filter(([, v]) => v !== undefined),
  ) as CheckoutDetails
}

/** The contact and addresses an order keeps, postal codes in their canonical spelling. */
export interface OrderParties {
  contact: OrderContact | null
  shippingAddress: Address | null
  billingAddress: Address | null
}

/** Checks contact and addresses together; billing defaults to shipping. */
export function partiesOf(details: CheckoutDetails): OrderParties {
  if (!details.shippingAddress) {
    if (details.billingAddress)
      throw new AppError('validation_failed', 'a billing address needs a shipping address', [
        { path: 'shippingAddress', message: 'required with billingAddress' },
      ])
    return { contact: details.contact ?? null, shippingAddress: null, billingAddress: null }
  }
  if (!details.contact)
    throw new AppError('validation_failed', 'an order shipped to an address needs a contact', [
      { path: 'contact', message: 'required with shippingAddress' },
    ])
  const parsed = CheckoutContact.parse({
    email: details.contact.email,
    ...(details.contact.phone ? { phone: details.contact.phone } : {}),
    shippingAddress: details.shippingAddress,
    ...(details.billingAddress ? { billingAddress: details.billingAddress } : {}),
  })
  return {
    contact: { email: parsed.email, ...(parsed.phone ? { phone: parsed.phone } : {}) },
    shippingAddress: parsed.shippingAddress,
    billingAddress: parsed.billingAddress,
  }
}

/**
 * Refuses a checkout the store cannot ship: once the store has shipping zones, an order needs a
 * contact, a shipping address and a shipping method. A store without zones (digital goods, the
 * bench's lean checkout) may take orders without them.
 */
export function assertShippable(settings: Settings, details: CheckoutDetails): void {
  if (settings.shippingZones.length === 0) return
  const missing = (['contact', 'shippingAddress', 'shippingMethodId'] as const).filter(
    (k) => details[k] === undefined,
  )
  if (missing.length > 0)
    throw new AppError(
      'validation_failed',
      'This store ships its goods: give a contact, a shipping address and a shipping method',
      missing.map((path) => ({ path, message: 'required' })),
    )
}

/** The discounts that apply: every eligible automatic promotion, then the codes in the order given. */
export function discountsFor(
  settings: Settings,
  codes: readonly string[],
  lines: readonly TotalsLine[],
  currency: string,
  now: number,
): Discount[] {
  const subtotalMinor = lines.reduce((a, l) => a + l.unitPriceMinor * l.quantity, 0)
  const discountable = lines.map((l) => ({
    productId: l.productId,
    categoryId: l.categoryId,
    amountMinor: l.unitPriceMinor * l.quantity,
  }))
  const automatic = settings.discounts.filter(
    (d) =>
      d.code === null && checkDiscount(d, { now, currency, subtotalMinor, lines: discountable }).ok,
  )
  const unknown = codes.filter((c) => !settings.discounts.some((d) => d.code === c))
  if (unknown.length > 0)
    throw new AppError('discount_not_found', `No discount code ${unknown.join(', ')}`, {
      codes: unknown,
    })
  return [
    ...automatic,
    ...codes.map((c) => settings.discounts.find((d) => d.code === c) as Discount),
  ]
}

/** The store's tax settings, or none collected (rates empty) before an admin set them. */
export function taxOf(settings: Settings): TaxSettings {
  return (
    settings.tax ?? {
      pricesIncludeTax: false,
      originCountry: 'US',
      shipping: 'standard',
      rates: [],
    }
  )
}

/** What a price depends on besides the lines and the settings. */
export interface PriceChoices {
  /** Where it ships (and so where tax is owed); the store's origin prices it without one. */
  destination: TaxPlace | null
  shippingMethodId?: string | undefined
  discountCodes?: readonly string[] | undefined
}

/** The choices of a checkout: its shipping address's country and region, method and codes. */
export function choicesOf(details: CheckoutDetails): PriceChoices {
  const address = details.shippingAddress
  return {
    destination: address ? { country: address.country, region: address.region } : null,
    shippingMethodId: details.shippingMethodId,
    discountCodes: details.discountCodes,
  }
}

/**
 * Prices the lines with the store's settings: automatic promotions and codes, shipping by the
 * chosen method to the destination, tax there (at the store's origin without one).
 * Refusals: `discount_not_found`, a discount's own refusal, `shipping_method_unavailable`.
 */
export function totalsFor(
  settings: Settings,
  lines: readonly TotalsLine[],
  choices: PriceChoices,
  currency: string,
  now: number,
): Totals {
  return computeTotals({
    currency,
    lines,
    destination: choices.destination,
    shipping:
      choices.shippingMethodId === undefined
        ? null
        : { zones: settings.shippingZones, methodId: choices.shippingMethodId },
    discounts: discountsFor(settings, choices.discountCodes ?? [], lines, currency, now),
    tax: taxOf(settings),
    now,
  })
}
