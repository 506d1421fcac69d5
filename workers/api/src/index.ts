/** @module The api Worker: builds the Hono app, mounts the routes, exports the Durable Objects. */
import { meterEnv } from '#objects/shared/ops-meter'
import { createApp } from './app'
import { adminCustomers } from './routes/admin-customers'
import { adminInventory } from './routes/admin-inventory'
import { adminOrders } from './routes/admin-orders'
import { adminProducts } from './routes/admin-products'
import { adminPurchaseLimits } from './routes/admin-purchase-limits'
import { adminSearch } from './routes/admin-search'
import { adminUsers } from './routes/admin-users'
import { auth } from './routes/auth'
import { cartRoutes } from './routes/cart'
import { devPayments } from './routes/dev-payments'
import { mountDocs } from './routes/docs'
import { health } from './routes/health'
import { inventory } from './routes/inventory'
import { leaderboards } from './routes/leaderboards'
import { me } from './routes/me'
import { ops } from './routes/ops'
import { opsMeter } from './routes/ops-meter'
import { orders } from './routes/orders'
import { products } from './routes/products'
import { search } from './routes/search'
import { webhooks } from './routes/webhooks'

export { Counters } from '#objects/counters/counters'
export { InventoryItem } from '#objects/inventory-item/inventory-item'
export { SearchIndex } from '#objects/search-index/search-index'
export { Shopper } from '#objects/shopper/shopper'

const app = createApp()
app.route('/v1', health)
app.route('/v1', auth)
app.route('/v1', me)
app.route('/v1', adminUsers)
app.route('/v1', products)
app.route('/v1', adminProducts)
app.route('/v1', search)
app.route('/v1', adminSearch)
app.route('/v1', leaderboards)
app.route('/v1', adminCustomers)
app.route('/v1', inventory)
app.route('/v1', cartRoutes)
app.route('/v1', orders)
app.route('/v1', webhooks)
app.route('/v1', devPayments)
app.route('/v1', adminInventory)
app.route('/v1', adminPurchaseLimits)
app.route('/v1', adminOrders)
app.route('/v1', ops)
app.route('/v1', opsMeter)
mountDocs(app)

// Tests walk the real router (access table, OpenAPI coverage); the Worker serves `default`.
export { app }

// The bench's operations meter wraps the bindings when OPS_METER is on; otherwise env passes as is.
export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) =>
    app.fetch(request, meterEnv(env), ctx),
} satisfies ExportedHandler<Env>
