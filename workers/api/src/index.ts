/** @module The api Worker: builds the Hono app, mounts the routes, exports the Durable Objects. */
import { createApp } from './app'
import { adminProducts } from './routes/admin-products'
import { adminSearch } from './routes/admin-search'
import { adminUsers } from './routes/admin-users'
import { auth } from './routes/auth'
import { mountDocs } from './routes/docs'
import { health } from './routes/health'
import { me } from './routes/me'
import { products } from './routes/products'
import { search } from './routes/search'

export { Cart } from '../../../durable-objects/cart/cart'
export { Counters } from '../../../durable-objects/counters/counters'
export { InventoryItem } from '../../../durable-objects/inventory-item/inventory-item'
export { Order } from '../../../durable-objects/order/order'
export { SearchIndex } from '../../../durable-objects/search-index/search-index'

const app = createApp()
app.route('/v1', health)
app.route('/v1', auth)
app.route('/v1', me)
app.route('/v1', adminUsers)
app.route('/v1', products)
app.route('/v1', adminProducts)
app.route('/v1', search)
app.route('/v1', adminSearch)
mountDocs(app)

// Tests walk the real router (access table, OpenAPI coverage); the Worker serves `default`.
export { app }

export default { fetch: app.fetch } satisfies ExportedHandler<Env>
