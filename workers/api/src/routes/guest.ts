/**
 * @module POST /v1/guest: a guest session for a shopper without an account. The guest gets an id
 * of their own (naming their own Shopper object, as a user id does), a short guest access token
 * (role `guest`: cart, checkout, their orders and payment only) and a rotating refresh token.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { createGuest } from '#domain/auth/guests'
import { deliverSession } from '../auth/sessions'
import { errorResponse } from '../catalog/schemas'
import { issueGuestToken } from '../middleware/auth'
import { createRouter } from '../router'
import { Email, SessionTokensShape } from './auth'
import { GuestSchema } from './session-refresh'

const route = createRoute({
  method: 'post',
  path: '/guest',
  summary: 'Start a guest session (checkout without an account)',
  description:
    'The email is the guest’s contact. Registering or signing in with the same email and `guestToken` (this session’s access token) later claims the guest’s orders for the account.',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.strictObject({ email: Email }).openapi('GuestRequest'),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'The guest and the session',
      content: {
        'application/json': {
          schema: z.object({ guest: GuestSchema, ...SessionTokensShape }).openapi('GuestSession'),
        },
      },
    },
    400: errorResponse('Invalid body'),
  },
})

export const guest = createRouter().openapi(route, async (c) => {
  const now = Date.now()
  const created = await createGuest(
    c.get('ports').database.sessions,
    c.req.valid('json').email,
    now,
  )
  const tokens = await deliverSession(
    c,
    { id: created.id, kind: 'guest', sessionVersion: 0 },
    await issueGuestToken(c.env, created, now),
    now,
  )
  return c.json({ guest: { id: created.id, email: created.email }, ...tokens }, 201)
})
