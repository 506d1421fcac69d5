/** @module The caller's cart: read it, set a line's quantity, remove a line. */
import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '#domain/errors'
import { MAX_LINE_QUANTITY } from '#objects/shopper/limits'
import { unavailableReason } from '#objects/shopper/pricing'
import { errorResponse } from '../catalog/schemas'
import { shoppersOf } from '../checkout/objects'
import { CartSchema, SkuParam } from '../checkout/schemas'
import { currentShopper } from '../middleware/auth'
import { createRouter } from '../router'

const cart = (description: string) => ({
  description,
  content: { 'application/json': { schema: CartSchema } },
})

const read = createRoute({
  method: 'get',
  path: '/cart',
  summary: "The caller's cart, lines in the order they were added",
  description: 'Prices are not kept in the cart: checkout prices every line from the catalog.',
  responses: { 200: cart('The cart') },
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
    c.header('Cache-Control', 'no-store')
    return c.json(await shoppersOf(c).cart(currentShopper(c).id), 200)
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
