/**
 * @module GET /v1/shipping/quote: the shipping methods open to a set of SKU lines at a destination,
 * priced by domain/totals exactly as an order would be charged for them.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { CountryCode } from '#domain/address/address'
import { Sku } from '#domain/catalog/product'
import { checkDiscount } from '#domain/discounts/discount'
import { AppError } from '#domain/errors'
import type { PricedVariant } from '#domain/ports/catalog-store'
import type { TaxSettings } from '#domain/tax/rates'
import { quoteCart, type TotalsLine } from '#domain/totals/totals'
import { totalsLine } from '#objects/shopper/pricing'
import { errorResponse } from '../catalog/schemas'
import { pricesWithFallback } from '../catalog/sku-prices'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import { jsonResponse, settingsOf } from '../settings/objects'

const MAX_LINES = 50

/** `SKU:quantity` pairs, comma-separated; a SKU given twice is refused rather than guessed at. */
const Items = z
  .string()
  .min(1)
  .max(4_000)
  .transform((raw, ctx) => {
    const lines = raw.split(',').map((pair) => {
      const [sku = '', qty = ''] = pair.split(':')
      return { sku: Sku.safeParse(sku.trim()), quantity: Number(qty) }
    })
    const skus = new Set<string>()
    for (const l of lines) {
      if (!l.sku.success || !Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > 999)
        ctx.addIssue({ code: 'custom', message: 'each item is SKU:quantity, quantity 1 to 999' })
      else if (skus.has(l.sku.data.toUpperCase()))
        ctx.addIssue({ code: 'custom', message: `${l.sku.data} is listed twice` })
      else skus.add(l.sku.data.toUpperCase())
    }
    if (lines.length > MAX_LINES)
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_LINES} items` })
    return lines.map((l) => ({ sku: l.sku.data ?? '', quantity: l.quantity }))
  })
  .openapi({ example: 'TSHIRT-M:2,MUG-1:1' })

const QuoteSchema = z
  .object({
    country: z.string(),
    currency: z.string(),
    methods: z.array(
      z.object({
        methodId: z.string(),
        name: z.string(),
        zoneId: z.string(),
        amountMinor: z.number().int(),
      }),
    ),
  })
  .openapi('ShippingQuote')

const route = createRoute({
  method: 'get',
  path: '/shipping/quote',
  summary: 'Shipping methods and prices for SKU lines sent to a country, cheapest first',
  description:
    'Prices and weights come from the catalog; the store’s automatic promotions that apply are deducted first, since free-over rates look at the discounted subtotal. Settings are read through a cache at most 5 s old. A variant without a weight weighs 0 g.',
  request: {
    query: z.strictObject({
      country: CountryCode,
      region: z.string().trim().toUpperCase().min(1).max(50).optional(),
      items: Items,
    }),
  },
  responses: {
    200: jsonResponse('The open methods; empty where no zone ships', QuoteSchema),
    400: errorResponse('Bad country or items'),
    422: errorResponse('`sku_unavailable`: a SKU is unknown, not for sale, or in another currency'),
  },
})

export const shippingQuote = createRouter().openapi(route, async (c) => {
  const { country, region, items } = c.req.valid('query')
  const currency = c.env.STORE_CURRENCY
  const warn = (msg: string, fields: Record<string, unknown>) =>
    log(c.env, 'warn', msg, { requestId: c.get('requestId'), ...fields })
  const catalog = pricesWithFallback(c.get('ports').database.catalog, c.env.CATALOG_KV, warn)
  const [variants, settings] = await Promise.all([
    catalog.variantsBySku(items.map((i) => i.sku)),
    settingsOf(c).read(),
  ])
  const lines = toLines(items, variants, currency)
  const now = Date.now()
  const subtotalMinor = lines.reduce((a, l) => a + l.unitPriceMinor * l.quantity, 0)
  const discountable = lines.map((l) => ({
    productId: l.productId,
    categoryId: l.categoryId,
    amountMinor: l.unitPriceMinor * l.quantity,
  }))
  // Automatic promotions only: a code is the shopper's to enter at checkout.
  const discounts = settings.discounts.filter(
    (d) =>
      d.code === null && checkDiscount(d, { now, currency, subtotalMinor, lines: discountable }).ok,
  )
  const tax: TaxSettings = settings.tax ?? {
    pricesIncludeTax: false,
    originCountry: country,
    shipping: 'standard',
    rates: [],
  }
  const methods = quoteCart(
    { currency, lines, destination: { country, region }, discounts, tax, now },
    settings.shippingZones,
  )
  c.header('cache-control', 'no-store')
  return c.json({ country, currency, methods }, 200)
})

/** The catalog's price of each item; every SKU must be for sale in the store currency. */
function toLines(
  items: readonly { sku: string; quantity: number }[],
  variants: readonly PricedVariant[],
  currency: string,
): TotalsLine[] {
  const bySku = new Map(variants.map((v) => [v.sku.toUpperCase(), v]))
  const unavailable: string[] = []
  const lines: TotalsLine[] = []
  for (const item of items) {
    const v = bySku.get(item.sku.toUpperCase())
    if (v?.productStatus !== 'active' || v.currency !== currency) unavailable.push(item.sku)
    // Priced as checkout prices it: weight, tax class and category from the catalog.
    else lines.push(totalsLine(v, item.quantity))
  }
  if (unavailable.length > 0)
    throw new AppError('sku_unavailable', 'Some SKUs cannot be quoted', unavailable)
  return lines
}
