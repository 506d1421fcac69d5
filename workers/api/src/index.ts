/** @module The api Worker: builds the Hono app, mounts the routes, exports the Durable Objects. */
import { meterEnv } from '#objects/shared/ops-meter'
import { createApp } from './app'
import { account } from './routes/account'
import { addresses } from './routes/addresses'
import { adminCustomers } from './routes/admin-customers'
import { adminDiscounts } from './routes/admin-discounts'
import { adminInventory } from './routes/admin-inventory'
import { adminOrderDetail } from './routes/admin-order-detail'
import { adminOrders } from './routes/admin-orders'
import { adminProductImages } from './routes/admin-product-images'
import { adminProductList } from './routes/admin-product-list'
import { adminProducts } from './routes/admin-products'
import { adminPurchaseLimits } from './routes/admin-purchase-limits'
import { adminSearch } from './routes/admin-search'
import { adminSettings } from './routes/admin-settings'
import { adminStockList } from './routes/admin-stock-list'
import { adminTrending } from './routes/admin-trending'
import { adminUsers } from './routes/admin-users'
import { adminWebhooks } from './routes/admin-webhooks'
import { auth } from './routes/auth'
import { cartRoutes } from './routes/cart'
import { devPayments } from './routes/dev-payments'
import { mountDocs } from './routes/docs'
import { guest } from './routes/guest'
import { health } from './routes/health'
import { images } from './routes/images'
import { inventory } from './routes/inventory'
import { leaderboards } from './routes/leaderboards'
import { me } from './routes/me'
import { ops } from './routes/ops'
import { opsMeter } from './routes/ops-meter'
import { opsWebhooks } from './routes/ops-webhooks'
import { orders } from './routes/orders'
import { productPages } from './routes/product-pages'
import { products } from './routes/products'
import { search } from './routes/search'
import { sessionRefresh } from './routes/session-refresh'
import { sessions } from './routes/sessions'
import { shippingQuote } from './routes/shipping-quote'
import { variants } from './routes/variants'
import { webhooks } from './routes/webhooks'

export { Counters } from '#objects/counters/counters'
export { DiscountCode } from '#objects/discount-code/discount-code'
export { InventoryItem } from '#objects/inventory-item/inventory-item'
export { SearchIndex } from '#objects/search-index/search-index'
export { Shopper } from '#objects/shopper/shopper'
export { StoreSettings } from '#objects/store-settings/store-settings'

const app = createApp()
app.route('/v1', health)
app.route('/v1', auth)
app.route('/v1', me)
app.route('/v1', sessions)
app.route('/v1', sessionRefresh)
app.route('/v1', guest)
app.route('/v1', account)
app.route('/v1', addresses)
app.route('/v1', adminUsers)
app.route('/v1', products)
app.route('/v1', adminProductList)
app.route('/v1', adminProducts)
app.route('/v1', adminProductImages)
app.route('/v1', images)
app.route('/v1', search)
app.route('/v1', adminSearch)
app.route('/v1', leaderboards)
app.route('/v1', adminTrending)
app.route('/v1', adminCustomers)
app.route('/v1', inventory)
app.route('/v1', shippingQuote)
app.route('/v1', variants)
app.route('/v1', cartRoutes)
app.route('/v1', orders)
app.route('/v1', webhooks)
app.route('/v1', devPayments)
app.route('/v1', adminInventory)
app.route('/v1', adminPurchaseLimits)
app.route('/v1', adminStockList)
app.route('/v1', adminOrders)
app.route('/v1', adminOrderDetail)
app.route('/v1', adminSettings)
app.route('/v1', adminDiscounts)
app.route('/v1', ops)
app.route('/v1', opsMeter)
app.route('/v1', adminWebhooks)
app.route('/v1', opsWebhooks)
app.route('/', productPages)
mountDocs(app)

// Tests walk the real router (access table, OpenAPI coverage); the Worker serves `default`.
export { app }

// The bench's operations meter wraps the bindings when OPS_METER is on; otherwise env passes as is.
export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) =>
    app.fetch(request, meterEnv(env), ctx),
} satisfies ExportedHandler<Env>
