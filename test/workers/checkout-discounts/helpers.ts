/** @module Set-up of the priced-checkout flows: a store that ships to DE and US, taxes, products with weights, codes. */
import { expect } from 'vitest'
import { ADMIN_KEY, call } from '#test/workers/accounts'

/** DE: flat 4.90 or free from 50.00; US: by weight. Method ids are unique store-wide. */
export const ZONES = [
  {
    id: 'de',
    name: 'Germany',
    countries: ['DE'],
    methods: [
      { id: 'de-std', name: 'Standard', rate: { kind: 'flat', amountMinor: 490 } },
      {
        id: 'de-free',
        name: 'Free over 50',
        rate: { kind: 'free_over', amountMinor: 990, freeFromMinor: 5_000 },
      },
    ],
  },
  {
    id: 'us',
    name: 'United States',
    countries: ['US'],
    methods: [
      {
        id: 'us-weight',
        name: 'By weight',
        rate: {
          kind: 'weight',
          brackets: [
            { upToGrams: 1_000, amountMinor: 800 },
            { upToGrams: 10_000, amountMinor: 2_000 },
          ],
        },
      },
    ],
  },
]

/** EU style: prices include VAT (DE 19% / 7%); shipping taxed in proportion to the lines. */
export const TAX = {
  pricesIncludeTax: true,
  originCountry: 'DE',
  shipping: 'proportional',
  rates: [
    { country: 'DE', standardPpm: 190_000, reducedPpm: 70_000 },
    { country: 'US', region: 'NY', standardPpm: 88_750, reducedPpm: 0 },
  ],
}

export const BERLIN = {
  name: 'Erika Mustermann',
  line1: 'Unter den Linden 1',
  city: 'Berlin',
  postalCode: '10117',
  country: 'DE',
}

export const CONTACT = { email: 'Erika@Example.com', phone: '+49 30 123456' }

/** Writes the zones and tax settings through the admin API. */
export async function configureStore(): Promise<void> {
  for (const [path, json] of [
    ['/v1/admin/shipping-zones', { zones: ZONES }],
    ['/v1/admin/tax-rates', { tax: TAX }],
  ] as const) {
    const res = await call(path, { method: 'PUT', token: ADMIN_KEY, json })
    expect(res.status).toBe(200)
  }
}

/** An active product with one variant per price (weights in grams), of a tax class; its SKUs. */
export async function product(
  variants: { priceMinor: number; weightGrams?: number }[],
  taxClass: 'standard' | 'reduced' | 'zero' = 'standard',
  category = 'test',
  stock = 500,
): Promise<string[]> {
  const tag = crypto.randomUUID().slice(0, 8).toUpperCase()
  const skus = variants.map((_, i) => `DC-${tag}-${i}`)
  const res = await call('/v1/admin/products', {
    method: 'POST',
    token: ADMIN_KEY,
    json: {
      title: `Priced item ${tag}`,
      category,
      brand: 'Acme',
      status: 'active',
      taxClass,
      variants: variants.map((v, i) => ({ sku: skus[i], ...v })),
    },
  })
  expect(res.status).toBe(201)
  for (const sku of skus) {
    const received = await call(`/v1/admin/inventory/${sku}/adjust`, {
      method: 'POST',
      token: ADMIN_KEY,
      json: { receive: stock, reason: 'test delivery' },
    })
    expect(received.status).toBe(200)
  }
  return skus
}

/** Creates a discount through the admin API. */
export async function discount(body: Record<string, unknown>): Promise<void> {
  const res = await call('/v1/admin/discounts', { method: 'POST', token: ADMIN_KEY, json: body })
  expect(res.status).toBe(201)
}

/** A code's uses as the admin API reports them. */
export async function usage(id: string) {
  const res = await call(`/v1/admin/discounts/${id}`, { token: ADMIN_KEY })
  return ((await res.json()) as { usage: { reserved: number; committed: number } }).usage
}

/** The units of a SKU available now. */
export async function available(sku: string): Promise<number> {
  const res = await call(`/v1/inventory/${sku}`)
  return ((await res.json()) as { available: number }).available
}

/** Every part of a breakdown adds up: net + tax = gross per line and for shipping, sums exact. */
export function expectAddsUp(order: {
  totalMinor: number
  totals: {
    lines: { netMinor: number; taxMinor: number; grossMinor: number }[]
    shipping: { netMinor: number; taxMinor: number; grossMinor: number } | null
    taxMinor: number
    totalMinor: number
  }
}): void {
  const parts = [...order.totals.lines, ...(order.totals.shipping ? [order.totals.shipping] : [])]
  for (const p of parts) expect(p.netMinor + p.taxMinor).toBe(p.grossMinor)
  expect(parts.reduce((a, p) => a + p.grossMinor, 0)).toBe(order.totals.totalMinor)
  expect(parts.reduce((a, p) => a + p.taxMinor, 0)).toBe(order.totals.taxMinor)
  expect(order.totalMinor).toBe(order.totals.totalMinor)
}
