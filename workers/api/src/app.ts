/** @module The request pipeline every route runs behind: ids, logs, headers, limits, ports, errors. */
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { limitBody } from './middleware/body-limit'
import { notFound, onError } from './middleware/error-handler'
import { requestLogger } from './middleware/logger'
import { providePorts } from './middleware/ports'
import { createRouter } from './router'

/** An app with the whole pipeline and no routes; index.ts mounts them. */
export function createApp() {
  const app = createRouter()
  app.use(requestId({ headerName: 'X-Request-Id' }))
  app.use(requestLogger)
  app.use(
    secureHeaders({
      strictTransportSecurity: 'max-age=63072000; includeSubDomains; preload',
      crossOriginResourcePolicy: 'cross-origin',
    }),
  )
  app.use(limitBody)
  app.use(providePorts)
  app.onError(onError)
  app.notFound(notFound)
  return app
}
