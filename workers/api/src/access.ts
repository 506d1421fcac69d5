/** @module Who may call each route: the one access table, and the route look-ups that use it. */
import type { Context } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { Principal } from '#domain/auth/principal'
import type { Role } from '#domain/auth/user'

/**
 * Who may call a route: anyone; any signed-in user (`user`: an account); any shopper (`shopper`:
 * an account or a guest, each with their own Shopper object); or a holder of one of the roles.
 */
export type Access = 'anyone' | 'user' | 'shopper' | readonly Role[]

/** Route key (`METHOD /path`) → who may call it. */
export type AccessTable = Readonly<Record<string, Access>>

const ADMIN: readonly Role[] = ['admin']
const OPS: readonly Role[] = ['ops', 'admin']

/**
 * Every route of the API, keyed `METHOD /path` exactly as the router registers it (Hono's
 * `:param` syntax, mount prefix included). To add a route, add its line here: the access
 * middleware refuses a route that has none, and test/workers/access.test.ts fails for any
 * mounted route missing from this table and checks each entry against the real app.
 * The admin API key counts as the `admin` role, never as a user.
 */
export const ACCESS: AccessTable = {
  'GET /v1/health': 'anyone',
  'GET /v1/openapi.json': 'anyone',
  'GET /docs': 'anyone',

  'POST /v1/auth/register': 'anyone',
  'POST /v1/auth/login': 'anyone',
  // The refresh token (cookie or body) is the credential; the route checks it itself.
  'POST /v1/auth/refresh': 'anyone',
  // Starts a guest shopper: a guest access token and refresh token, no account.
  'POST /v1/guest': 'anyone',
  // Accounts sign out everywhere; a guest's refresh tokens are revoked (a shared computer).
  'POST /v1/auth/logout': 'shopper',
  'GET /v1/me': 'user',
  'POST /v1/me/password': 'user',
  'GET /v1/me/export': 'user',
  'DELETE /v1/me': 'user',
  // Saved addresses belong to accounts; a guest has none.
  'GET /v1/me/addresses': 'user',
  'POST /v1/me/addresses': 'user',
  'DELETE /v1/me/addresses/:id': 'user',

  'GET /v1/products': 'anyone',
  'GET /v1/products/:id': 'anyone',
  'GET /v1/products/by-handle/:handle': 'anyone',
  'GET /v1/images/:productId/:file': 'anyone',
  // Storefront product pages (HTML): by handle, and the old ?id= links that redirect there.
  'GET /products/:handle': 'anyone',
  'GET /product': 'anyone',
  'GET /product.html': 'anyone',
  'GET /v1/search': 'anyone',
  'GET /v1/inventory/:sku': 'anyone',
  'GET /v1/shipping/quote': 'anyone',
  'GET /v1/variants': 'anyone',
  'GET /v1/leaderboards/bestsellers': 'anyone',
  'GET /v1/leaderboards/trending-searches': 'anyone',

  'GET /v1/cart': 'shopper',
  'PUT /v1/cart/items/:sku': 'shopper',
  'DELETE /v1/cart/items/:sku': 'shopper',
  'POST /v1/orders': 'shopper',
  'GET /v1/orders': 'shopper',
  'GET /v1/orders/:id': 'shopper',
  'POST /v1/orders/:id/cancel': 'shopper',

  // The payment provider holds no token: the route checks the HMAC signature itself.
  'POST /v1/webhooks/payments': 'anyone',
  // Cart, checkout, orders and payment are `shopper`: accounts and guests alike.
  // The local test payment page: the caller's own order only, and 404 unless DEV_PAYMENTS is "enabled".
  'POST /v1/dev/payments/:id': 'shopper',

  'GET /v1/admin/products': ADMIN,
  'POST /v1/admin/products': ADMIN,
  'POST /v1/admin/products/batch': ADMIN,
  'PATCH /v1/admin/products/:id': ADMIN,
  'DELETE /v1/admin/products/:id': ADMIN,
  'POST /v1/admin/products/:id/images': ADMIN,
  'PATCH /v1/admin/products/:id/images': ADMIN,
  'DELETE /v1/admin/products/:id/images/:imageId': ADMIN,
  'POST /v1/admin/inventory/:sku/adjust': ADMIN,
  'GET /v1/admin/inventory': ADMIN,
  'GET /v1/admin/inventory/:sku': ADMIN,
  'PUT /v1/admin/inventory/:sku/shards': ADMIN,
  'GET /v1/admin/trending/hidden': ADMIN,
  'PUT /v1/admin/trending/hidden/:term': ADMIN,
  'DELETE /v1/admin/trending/hidden/:term': ADMIN,
  'GET /v1/admin/inventory/:sku/purchase-limit': ADMIN,
  'PUT /v1/admin/inventory/:sku/purchase-limit': ADMIN,
  'GET /v1/admin/orders': ADMIN,
  'POST /v1/admin/orders/:id/fulfil': ADMIN,
  'POST /v1/admin/orders/:id/refund': ADMIN,
  'GET /v1/admin/orders/:id': ADMIN,
  'POST /v1/admin/orders/:id/refunds': ADMIN,
  'POST /v1/admin/users/:id/role': ADMIN,
  'POST /v1/admin/search/reindex': ADMIN,
  'GET /v1/admin/search/status': ADMIN,
  'GET /v1/admin/customers/top-spenders': ADMIN,
  'GET /v1/admin/customers': ADMIN,
  'GET /v1/admin/customers/:id': ADMIN,
  'GET /v1/admin/shipping-zones': ADMIN,
  'PUT /v1/admin/shipping-zones': ADMIN,
  'GET /v1/admin/tax-rates': ADMIN,
  'PUT /v1/admin/tax-rates': ADMIN,
  'GET /v1/admin/discounts': ADMIN,
  'POST /v1/admin/discounts': ADMIN,
  'GET /v1/admin/discounts/:id': ADMIN,
  'PUT /v1/admin/discounts/:id': ADMIN,
  'GET /v1/admin/webhooks': ADMIN,
  'POST /v1/admin/webhooks': ADMIN,
  'GET /v1/admin/webhooks/:id': ADMIN,
  'PATCH /v1/admin/webhooks/:id': ADMIN,
  'DELETE /v1/admin/webhooks/:id': ADMIN,
  'POST /v1/admin/webhooks/:id/rotate-secret': ADMIN,

  'GET /v1/ops/metrics': OPS,
  'GET /v1/ops/dlq': OPS,
  'POST /v1/ops/dlq/replay': OPS,
  'GET /v1/ops/meter': OPS,
  'DELETE /v1/ops/meter': OPS,
  'GET /v1/ops/webhooks/deliveries': OPS,
  'GET /v1/ops/webhooks/deliveries/:id': OPS,
  'POST /v1/ops/webhooks/deliveries/:id/replay': OPS,
}

/** The table key of a route. */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`
}

/**
 * The key of the route that will answer this request, or undefined when none matches (the
 * request ends as a 404). Middleware registered with `use` matches as method ALL and is skipped;
 * the first real route is the one Hono runs.
 */
export function matchedRouteKey(c: Context): string | undefined {
  const route = matchedRoutes(c).find((r) => r.method !== 'ALL')
  return route && routeKey(route.method, route.path)
}

/** Every route an app answers, as table keys, once each (validators repeat a route's path). */
export function routeKeysOf(app: { routes: { method: string; path: string }[] }): string[] {
  const keys = app.routes.filter((r) => r.method !== 'ALL').map((r) => routeKey(r.method, r.path))
  return [...new Set(keys)]
}

/** Whether `principal` may call a route with `access`: the 401/403 decision in one place. */
export function decide(
  access: Access,
  principal: Principal | undefined,
): 'allow' | 'unauthenticated' | 'forbidden' {
  if (access === 'anyone') return 'allow'
  if (!principal) return 'unauthenticated'
  if (access === 'user') return principal.kind === 'user' ? 'allow' : 'forbidden'
  if (access === 'shopper')
    return principal.kind === 'user' || principal.kind === 'guest' ? 'allow' : 'forbidden'
  // Guests hold no role: no admin or ops route is theirs.
  if (principal.kind === 'guest') return 'forbidden'
  return access.includes(principal.role) ? 'allow' : 'forbidden'
}
