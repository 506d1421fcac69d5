/**
 * @module POST /v1/auth/logout and POST /v1/me/password: ending sessions. Both move the user's
 * session version on, so every token issued before stops working at its next request.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { changePassword, signOutEverywhere } from '#domain/auth/accounts'
import { toPublicUser } from '#domain/auth/user'
import { errorResponse } from '../catalog/schemas'
import { currentUser, issueToken } from '../middleware/auth'
import { endShopperSessions, tokenSessionVersion } from '../middleware/shopper-session'
import { createRouter } from '../router'
import { AuthResultSchema } from './auth'

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  summary: 'Sign out everywhere',
  description: 'Revokes every token of the caller, this one included, from the next request on.',
  responses: {
    204: { description: 'Every session ended' },
    401: errorResponse('`unauthorized`: no valid token'),
  },
})

const PasswordChange = z
  .strictObject({
    currentPassword: z.string().min(1).max(128),
    // The same bounds as registration.
    newPassword: z.string().min(8).max(128),
  })
  .openapi('PasswordChange')

const password = createRoute({
  method: 'post',
  path: '/me/password',
  summary: 'Change the password',
  description:
    'Needs the current password. Ends every session issued before and answers a new token.',
  request: {
    body: { required: true, content: { 'application/json': { schema: PasswordChange } } },
  },
  responses: {
    200: {
      description: 'The user and a new access token',
      content: { 'application/json': { schema: AuthResultSchema } },
    },
    401: errorResponse('`invalid_credentials`: the current password is wrong'),
  },
})

export const sessions = createRouter()
  .openapi(logout, async (c) => {
    const id = currentUser(c).id
    // The shopper's object first (checkout checks sessions there), then the users table.
    await endShopperSessions(c, id, tokenSessionVersion(c) + 1)
    const user = await signOutEverywhere(c.get('ports').database.users, id)
    await endShopperSessions(c, id, user.sessionVersion, true)
    return c.body(null, 204)
  })
  .openapi(password, async (c) => {
    const users = c.get('ports').database.users
    const id = currentUser(c).id
    // Once the current password is verified: the shopper's object first, then the users table.
    const user = await changePassword(users, id, c.req.valid('json'), Date.now(), () =>
      endShopperSessions(c, id, tokenSessionVersion(c) + 1),
    )
    await endShopperSessions(c, id, user.sessionVersion, true)
    return c.json({ user: toPublicUser(user), token: await issueToken(c.env, user) }, 200)
  })
