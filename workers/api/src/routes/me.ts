/** @module GET /v1/me: the signed-in caller's account. */
import { createRoute, z } from '@hono/zod-openapi'
import { toPublicUser } from '#domain/auth/user'
import { AppError } from '#domain/errors'
import { currentUser } from '../middleware/auth'
import { createRouter } from '../router'
import { UserSchema } from './auth'

const route = createRoute({
  method: 'get',
  path: '/me',
  summary: 'The signed-in user, read fresh from the store',
  responses: {
    200: {
      description: 'The caller',
      content: { 'application/json': { schema: z.object({ user: UserSchema }) } },
    },
  },
})

export const me = createRouter().openapi(route, async (c) => {
  const user = await c.get('ports').database.users.findById(currentUser(c).id)
  // A valid token whose account is gone authenticates no one.
  if (!user) throw new AppError('unauthorized', 'The account of this token no longer exists')
  c.header('Cache-Control', 'no-store')
  return c.json({ user: toPublicUser(user) }, 200)
})
