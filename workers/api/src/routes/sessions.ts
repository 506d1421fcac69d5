/**
 * @module POST /v1/auth/logout and POST /v1/me/password: ending sessions. Both move the user's
 * session version on, so every access token issued before stops working at its next request, and
 * remove every refresh token of the user, so none can start a session again.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { changePassword, signOutEverywhere } from '#domain/auth/accounts'
import { toPublicUser } from '#domain/auth/user'
import { deliverSession, dropRefreshCookie } from '../auth/sessions'
import { errorResponse } from '../catalog/schemas'
import { currentShopper, currentUser, issueToken } from '../middleware/auth'
import { endShopperSessions, tokenSessionVersion } from '../middleware/shopper-session'
import { createRouter } from '../router'
import { AuthResultSchema } from './auth'

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  summary: 'Sign out everywhere',
  description:
    'Revokes every access token of the caller, this one included, from the next request on, and every refresh token. A guest’s refresh tokens are revoked; their access token runs out (at most JWT_TTL_SECONDS).',
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
    'Needs the current password. Ends every session issued before (access and refresh tokens) and answers a new session.',
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
    const caller = currentShopper(c)
    if (caller.kind === 'guest') {
      // A guest has no session version: their refresh tokens go, the access token runs out.
      await c.get('ports').database.sessions.revokeSubject(caller.id)
      dropRefreshCookie(c)
      return c.body(null, 204)
    }
    const { id } = caller
    // The shopper's object first (checkout checks sessions there), then the users table's
    // version: should a later write fail, no access token works, and a refresh token left
    // behind is refused for its old version (session-refresh.ts).
    await endShopperSessions(c, id, tokenSessionVersion(c) + 1)
    const user = await signOutEverywhere(c.get('ports').database.users, id)
    await endShopperSessions(c, id, user.sessionVersion, true)
    await c.get('ports').database.sessions.revokeSubject(id)
    dropRefreshCookie(c)
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
    await c.get('ports').database.sessions.revokeSubject(user.id)
    const now = Date.now()
    const tokens = await deliverSession(
      c,
      { id: user.id, kind: 'user', sessionVersion: user.sessionVersion },
      await issueToken(c.env, user, now),
      now,
    )
    return c.json({ user: toPublicUser(user), ...tokens }, 200)
  })
