/** @module POST /v1/admin/users/:id/role: admins grant and take away roles. */
import { createRoute, z } from '@hono/zod-openapi'
import { changeRole } from '#domain/auth/accounts'
import { ROLES, toPublicUser } from '#domain/auth/user'
import { createRouter } from '../router'
import { UserSchema } from './auth'
import { ErrorSchema } from './docs'

const route = createRoute({
  method: 'post',
  path: '/admin/users/{id}/role',
  summary: "Set a user's role",
  description:
    'Takes effect at the user’s next request: every request reads the role from the users table, not from the token.',
  request: {
    params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }),
    body: {
      required: true,
      content: { 'application/json': { schema: z.strictObject({ role: z.enum(ROLES) }) } },
    },
  },
  responses: {
    200: {
      description: 'The updated user',
      content: { 'application/json': { schema: z.object({ user: UserSchema }) } },
    },
    404: {
      description: '`not_found`: no such user',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
})

export const adminUsers = createRouter().openapi(route, async (c) => {
  const { id } = c.req.valid('param')
  const user = await changeRole(c.get('ports').database.users, id, c.req.valid('json').role)
  return c.json({ user: toPublicUser(user) }, 200)
})
