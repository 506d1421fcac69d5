/** @module The api Worker: builds the Hono app, mounts the routes, exports the Durable Objects. */
import { createApp } from './app'
import { health } from './routes/health'

export { Counters } from '../../../durable-objects/counters/counters'
export { SearchIndex } from '../../../durable-objects/search-index/search-index'

const app = createApp()
app.route('/v1', health)

export default { fetch: app.fetch } satisfies ExportedHandler<Env>
