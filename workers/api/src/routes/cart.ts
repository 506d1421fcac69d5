/** @module The caller's cart: read it, set a line's quantity, remove a line. */
import { createRoute, z } from '@hono/zod-openapi'
import { CountryCode } from '#domain/address/address'
import { DiscountCode } from '#domain/discounts/discount'
import { AppError } from '#domain/errors'
import { MAX_LINE_QUANTITY } from '#objects/shopper/limits'
import { unavailableReason } from '#objects/shopper/pricing'
import { errorResponse } from '../catalog/schemas'
import { priceCart } from '../checkout/cart-view'
import { shoppersOf } from '../checkout/objects'
import { CartSchema, PricedCartSchema, SkuParam } from '../checkout/schemas'
import { currentShopper } from '../middleware/auth'
import { createRouter } from '../router'

const cart = (description: string) => ({
  description,
  content: { 'application/json': { schema: CartSchema } },
})

const read = createRoute({
  method: 'get',
  path: '/cart',
  summary: "The caller's cart, priced by the server as checkout would price it",
  description:
    'Lines in the order they were added, each with its price now, its available units and a `problem` when it cannot be bought as it stands (unknown, not for sale, other currency, not enough stock). The buyable lines are priced by the same code that prices the order: automatic promotions and the `codes` given, shipping by `shippingMethodId` to `country`/`region` (the open methods are listed when a country is given), tax there. A code or method that does not apply is listed in `refused` rather than refused. Settings are read through a cache at most 5 s old.',
  request: {
    query: z.strictObject({
      country: CountryCode.optional(),
      region: z.string().trim().toUpperCase().min(1).max(50).optional(),
      shippingMethodId: z.string().min(1).max(64).optional(),
      codes: z
        .string()
        .max(200)
        .transform((raw, ctx) => {
          const codes = raw.split(',').filter((x) => x.trim() !== '')
          const parsed = codes.map((code) => DiscountCode.safeParse(code))
          if (parsed.some((p) => !p.success) || codes.length > 3)
            ctx.addIssue({ code: 'custom', message: 'up to 3 codes of 3 to 32 letters or digits' })
          return [...new Set(parsed.flatMap((p) => (p.success ? [p.data] : [])))]
        })
        .optional()
        .openapi({ example: 'SUMMER-10' }),
    }),
  },
  responses: {
    200: {
      description: 'The priced cart',
      content: { 'application/json': { schema: PricedCartSchema } },
    },
    400: errorResponse('Bad country, region, method or codes'),
  },
})

const setItem = createRoute({
  method: 'put',
  path: '/cart/items/{sku}',
  summary: 'Set the quantity of a SKU in the cart',
  request: {
    params: z.object({ sku: SkuParam }),
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({ quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY) }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: cart('The cart after the change'),
    400: errorResponse('Bad SKU or quantity, or the cart is full'),
    404: errorResponse('No SKU of an active product in the store currency by this name'),
  },
})

const removeItem = createRoute({
  method: 'delete',
  path: '/cart/items/{sku}',
  summary: 'Remove a SKU from the cart (removing one that is not there changes nothing)',
  request: { params: z.object({ sku: SkuParam }) },
  responses: { 200: cart('The cart after the change'), 400: errorResponse('Bad SKU') },
})

export const cartRoutes = createRouter()
  .openapi(read, async (c) => {
    const { codes, ...where } = c.req.valid('query')
    const view = await shoppersOf(c).cart(currentShopper(c).id)
    const priced = await priceCart(c, view, { ...where, codes: codes ?? [] })
    c.header('Cache-Control', 'no-store')
    return c.json(priced, 200)
  })
  .openapi(setItem, async (c) => {
    const user = currentShopper(c)
    const { sku } = c.req.valid('param')
    const { quantity } = c.req.valid('json')
    // The catalog's spelling of the SKU is kept, so the line names its inventory object.
    const [variant] = await c.get('ports').database.catalog.variantsBySku([sku])
    const reason = unavailableReason(variant, c.env.STORE_CURRENCY)
    if (reason || !variant)
      throw new AppError('not_found', `SKU ${sku} cannot be ordered`, { sku, reason })
    return c.json(await shoppersOf(c).setCartItem(user.id, variant.sku, quantity), 200)
  })
  .openapi(removeItem, async (c) => {
    const view = await shoppersOf(c).removeCartItems(currentShopper(c).id, [
      c.req.valid('param').sku,
    ])
    return c.json(view, 200)
  })
