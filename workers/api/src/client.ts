/** @module A typed client of the API for storefronts and scripts: `hc<AppType>` from hono/client. */
import type { Hono } from 'hono'
import { type ClientRequestOptions, hc } from 'hono/client'
import type { MergeSchemaPath, Schema } from 'hono/types'
import type { adminUsers } from './routes/admin-users'
import type { auth } from './routes/auth'
import type { health } from './routes/health'
import type { me } from './routes/me'

type SchemaOf<R> = R extends Hono<infer _E, infer S extends Schema, infer _B> ? S : never
type Mount<Path extends string, R> = MergeSchemaPath<SchemaOf<R>, Path>

/**
 * The routes as index.ts mounts them, at type level only: importing this module pulls no server
 * code into a client bundle. Add a router here when you mount one in index.ts to type its calls.
 */
export type AppType = Hono<
  object,
  Mount<'/v1', typeof health> &
    Mount<'/v1', typeof auth> &
    Mount<'/v1', typeof me> &
    Mount<'/v1', typeof adminUsers>
>

/** A typed client: `createClient(base).v1.auth.login.$post({ json: { email, password } })`. */
export function createClient(baseUrl: string, options?: ClientRequestOptions) {
  return hc<AppType>(baseUrl, options)
}
