/**
 * @module GET /v1/me/export and DELETE /v1/me: a shopper downloads their data, or leaves. Deleting
 * anonymises their archived orders (kept for the books), empties their cart and removes the
 * account, which ends every session at once (the access middleware reads the users table).
 */
import { createRoute, z } from '@hono/zod-openapi'
import { verifyPassword } from '#domain/auth/password'
import { newPseudonym } from '#domain/auth/user'
import { AppError } from '#domain/errors'
import { allOrders, exportAccount, UNSETTLED } from '../account/account-data'
import { dropRefreshCookie } from '../auth/sessions'
import { errorResponse } from '../catalog/schemas'
import { shoppersOf } from '../checkout/objects'
import { CartSchema, OrderSchema } from '../checkout/schemas'
import { currentUser } from '../middleware/auth'
import { closeShopperSessions } from '../middleware/shopper-session'
import { createRouter } from '../router'
import { SavedAddressSchema } from './addresses'
import { UserSchema } from './auth'

const exportRoute = createRoute({
  method: 'get',
  path: '/me/export',
  summary: 'Download everything the shop holds about the caller, as JSON',
  responses: {
    200: {
      description: 'Profile, cart, saved addresses and every order',
      content: {
        'application/json': {
          schema: z
            .object({
              exportedAt: z.iso.datetime(),
              profile: UserSchema,
              cart: CartSchema,
              addresses: z.array(SavedAddressSchema),
              orders: z.array(OrderSchema),
            })
            .openapi('AccountExport'),
        },
      },
    },
  },
})

const deleteRoute = createRoute({
  method: 'delete',
  path: '/me',
  summary: 'Delete the caller’s account',
  description:
    'Needs the password. Archived orders (the claimed guests’ too) stay, under a random pseudonym instead of the user id; the cart and saved addresses are emptied; every access and refresh token stops working. Refused (409 `orders_in_progress`) while an order awaits payment or delivery.',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .strictObject({ password: z.string().min(1).max(128) })
            .openapi('AccountDeletion'),
        },
      },
    },
  },
  responses: {
    204: { description: 'Deleted' },
    401: errorResponse('`invalid_credentials`: wrong password'),
    409: errorResponse('`orders_in_progress`: an order awaits payment or delivery'),
  },
})

async function storedCaller(c: Parameters<typeof currentUser>[0]) {
  const user = await c.get('ports').database.users.findById(currentUser(c).id)
  if (!user) throw new AppError('unauthorized', 'The account of this token no longer exists')
  return user
}

export const account = createRouter()
  .openapi(exportRoute, async (c) => {
    const data = await exportAccount(c, await storedCaller(c))
    c.header('Content-Disposition', 'attachment; filename="account-export.json"')
    return c.json(data, 200)
  })
  .openapi(deleteRoute, async (c) => {
    const user = await storedCaller(c)
    if (!(await verifyPassword(c.req.valid('json').password, user)))
      throw new AppError('invalid_credentials', 'The password is incorrect')
    const open = (await allOrders(c, user.id)).filter((o) => UNSETTLED.includes(o.status))
    if (open.length > 0)
      throw new AppError('orders_in_progress', 'Finish or cancel your open orders first', {
        orderIds: open.map((o) => o.id),
      })
    // Orders first: if anything below fails the account still exists and the caller can retry
    // (the shopper's object keeps the first pseudonym); removed first, the orders could never be
    // pseudonymised. The object first, so no event it sends later carries the user id; then the
    // archive; the object sweeps the archive once more later for events already under way. The
    // guests this account claimed are its orders too: their objects and archived orders take the
    // same pseudonym, then the guests are forgotten.
    const { archive, sessions, users } = c.get('ports').database
    const claimed = await sessions.guestsClaimedBy(user.id)
    const pseudonym = await shoppersOf(c).forget(user.id, newPseudonym())
    for (const guest of claimed) await shoppersOf(c).forget(guest, pseudonym)
    for (const owner of [user.id, ...claimed]) await archive.anonymiseUser(owner, pseudonym)
    // Checkout checks sessions in the shopper's object: ended there before the row goes.
    await closeShopperSessions(c, user.id)
    await sessions.revokeSubject(user.id)
    await sessions.deleteGuestsClaimedBy(user.id)
    await users.delete(user.id)
    dropRefreshCookie(c)
    return c.body(null, 204)
  })
