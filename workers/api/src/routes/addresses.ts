/** @module GET/POST /v1/me/addresses, DELETE /v1/me/addresses/:id: an account's saved addresses. */
import { createRoute, z } from '@hono/zod-openapi'
import { Address } from '#domain/address/address'
import { AppError } from '#domain/errors'
import { isAddressId } from '#objects/shopper/addresses'
import { MAX_SAVED_ADDRESSES } from '#objects/shopper/limits'
import { errorResponse } from '../catalog/schemas'
import { shoppersOf } from '../checkout/objects'
import { AddressSchema } from '../checkout/schemas'
import { currentUser } from '../middleware/auth'
import { createRouter } from '../router'

export const SavedAddressSchema = z
  .object({
    id: z.string(),
    label: z.string().nullable(),
    isDefault: z.boolean(),
    createdAt: z.number().int().describe('ms since the epoch'),
    address: AddressSchema,
  })
  .openapi('SavedAddress')

const list = createRoute({
  method: 'get',
  path: '/me/addresses',
  summary: "The account's saved addresses, the default first",
  responses: {
    200: {
      description: 'Saved addresses',
      content: {
        'application/json': { schema: z.object({ items: z.array(SavedAddressSchema) }) },
      },
    },
  },
})

const add = createRoute({
  method: 'post',
  path: '/me/addresses',
  summary: 'Save an address to the account',
  description: `Validated as checkout validates a shipping address (per-country postal code and region). An account keeps at most ${MAX_SAVED_ADDRESSES}; \`isDefault\` makes it the default (the others stop being).`,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .strictObject({
              address: Address,
              label: z.string().trim().min(1).max(50).optional(),
              isDefault: z.boolean().optional(),
            })
            .openapi('NewSavedAddress'),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'The saved address with its id',
      content: { 'application/json': { schema: SavedAddressSchema } },
    },
    400: errorResponse(`Bad address or label, or ${MAX_SAVED_ADDRESSES} addresses kept already`),
  },
})

const remove = createRoute({
  method: 'delete',
  path: '/me/addresses/{id}',
  summary: 'Delete a saved address',
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: { 204: { description: 'Deleted' }, 404: errorResponse('No such address') },
})

export const addresses = createRouter()
  .openapi(list, async (c) => {
    const items = await shoppersOf(c).addresses(currentUser(c).id)
    c.header('Cache-Control', 'no-store')
    return c.json({ items }, 200)
  })
  .openapi(add, async (c) => {
    const saved = await shoppersOf(c).addAddress(currentUser(c).id, c.req.valid('json'))
    return c.json(saved, 201)
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid('param')
    // A malformed id names no address: 404 without waking the object.
    if (!isAddressId(id)) throw new AppError('not_found', 'no such address')
    await shoppersOf(c).deleteAddress(currentUser(c).id, id)
    return c.body(null, 204)
  })
