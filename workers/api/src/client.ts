/** @module A typed client of the API for storefronts and scripts: `hc<AppType>` from hono/client. */
import type { Hono } from 'hono'
import { type ClientRequestOptions, hc } from 'hono/client'
import type { MergeSchemaPath, Schema } from 'hono/types'
import type { adminCustomers } from './routes/admin-customers'
import type { adminInventory } from './routes/admin-inventory'
import type { adminOrders } from './routes/admin-orders'
import type { adminPurchaseLimits } from './routes/admin-purchase-limits'
import type { adminUsers } from './routes/admin-users'
import type { auth } from './routes/auth'
import type { cartRoutes } from './routes/cart'
import type { health } from './routes/health'
import type { inventory } from './routes/inventory'
import type { leaderboards } from './routes/leaderboards'
import type { me } from './routes/me'
import type { ops } from './routes/ops'
import type { orders } from './routes/orders'
import type { webhooks } from './routes/webhooks'

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
    Mount<'/v1', typeof adminUsers> &
    Mount<'/v1', typeof inventory> &
    Mount<'/v1', typeof cartRoutes> &
    Mount<'/v1', typeof orders> &
    Mount<'/v1', typeof webhooks> &
    Mount<'/v1', typeof adminInventory> &
    Mount<'/v1', typeof adminPurchaseLimits> &
    Mount<'/v1', typeof adminOrders> &
    Mount<'/v1', typeof ops> &
    Mount<'/v1', typeof leaderboards> &
    Mount<'/v1', typeof adminCustomers>
>

/** A typed client: `createClient(base).v1.auth.login.$post({ json: { email, password } })`. */
export function createClient(baseUrl: string, options?: ClientRequestOptions) {
  return hc<AppType>(baseUrl, options)
}
