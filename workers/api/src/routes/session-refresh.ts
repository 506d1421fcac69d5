/**
 * @module POST /v1/auth/refresh: exchanges a refresh token (body or cookie) for a new access token
 * and the next refresh token of its family. The presented token is retired; presenting it again
 * later revokes the family (domain/auth/refresh-tokens.ts).
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { refused, retirePresented } from '#domain/auth/refresh-tokens'
import { toPublicUser } from '#domain/auth/user'
import { AppError } from '#domain/errors'
import { deliverSession, dropRefreshCookie, presentedRefreshToken } from '../auth/sessions'
import { errorResponse } from '../catalog/schemas'
import { issueGuestToken, issueToken } from '../middleware/auth'
import { createRouter } from '../router'
import type { AppEnv } from '../types'
import { SessionTokensShape, UserSchema } from './auth'

/** A guest shopper as the API shows them. */
export const GuestSchema = z.object({ id: z.uuid(), email: z.string() }).openapi('Guest')

const RefreshBody = z
  .strictObject({ refreshToken: z.string().min(1).max(256).optional() })
  .openapi('RefreshRequest')

const route = createRoute({
  method: 'post',
  path: '/auth/refresh',
  summary: 'Renew a session: a new access token and the next refresh token',
  description:
    'The refresh token comes in the body (`refreshToken`) or as the `__Secure-refresh` cookie; the cookie counts only with the `X-Session-Cookie: 1` header from this site (CSRF guard). Each refresh token works once; reusing a retired one revokes every token of its sign-in.',
  request: {
    body: { required: false, content: { 'application/json': { schema: RefreshBody } } },
  },
  responses: {
    200: {
      description: 'The account or guest and the renewed session',
      content: {
        'application/json': {
          schema: z
            .object({
              user: UserSchema.optional(),
              guest: GuestSchema.optional(),
              ...SessionTokensShape,
            })
            .openapi('RefreshResult'),
        },
      },
    },
    401: errorResponse(
      '`refresh_token_invalid` (details.reason: missing, unknown, expired, reused, superseded, revoked)',
    ),
    403: errorResponse('`csrf_refused`: a cookie refresh without the header, or from another site'),
  },
})

export const sessionRefresh = createRouter().openapi(route, async (c) => {
  const body = c.req.valid('json') ?? {}
  const presented = presentedRefreshToken(c, body)
  const now = Date.now()
  const store = c.get('ports').database.sessions
  try {
    const record = await retirePresented(store, presented, now)
    if (record.subjectKind === 'user') {
      const user = await c.get('ports').database.users.findById(record.subjectId)
      // Signed out everywhere, new password, or deleted since: the family ends here.
      if (!user || user.sessionVersion !== record.sessionVersion) {
        await store.revokeFamily(record.familyId)
        throw refused('revoked')
      }
      const tokens = await deliverSession(
        c,
        { id: user.id, kind: 'user', sessionVersion: user.sessionVersion },
        await issueToken(c.env, user, now),
        now,
        record.familyId,
      )
      return c.json({ user: toPublicUser(user), ...tokens }, 200)
    }
    const guest = await store.findGuest(record.subjectId)
    // A claimed guest's orders are the account's now: the guest session ends.
    if (!guest || guest.claimedBy !== null) {
      await store.revokeFamily(record.familyId)
      throw refused('revoked')
    }
    const tokens = await deliverSession(
      c,
      { id: guest.id, kind: 'guest', sessionVersion: 0 },
      await issueGuestToken(c.env, guest, now),
      now,
      record.familyId,
    )
    return c.json({ guest: { id: guest.id, email: guest.email }, ...tokens }, 200)
  } catch (err) {
    forgetDeadCookie(c, err)
    throw err
  }
})

/**
 * A refused cookie is dropped, except one superseded by another tab's refresh a moment ago: the
 * browser may already hold that tab's new cookie, which the drop would erase.
 */
function forgetDeadCookie(c: Context<AppEnv>, err: unknown) {
  if (!(err instanceof AppError) || err.code !== 'refresh_token_invalid') return
  if ((err.details as { reason?: string } | undefined)?.reason === 'superseded') return
  dropRefreshCookie(c)
}
