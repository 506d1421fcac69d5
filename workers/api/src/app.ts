/** @module The request pipeline every route runs behind: ids, logs, headers, limits, ports, errors. */
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { ACCESS, type AccessTable } from './access'
import { enforceAccess } from './middleware/auth'
import { limitBody } from './middleware/body-limit'
import { corsFromConfig } from './middleware/cors'
import { notFound, onError } from './middleware/error-handler'
import { requestLogger } from './middleware/logger'
import { providePorts } from './middleware/ports'
import { limitGlobal, limitRoute } from './middleware/rate-limit'
import { createRouter } from './router'

/** An app with the whole pipeline and no routes; index.ts mounts them. `access` is for tests. */
export function createApp(access: AccessTable = ACCESS) {
  const app = createRouter()
  app.use(requestId({ headerName: 'X-Request-Id' }))
  app.use(requestLogger)
  app.use(
    secureHeaders({
      strictTransportSecurity: 'max-age=63072000; includeSubDomains; preload',
      crossOriginResourcePolicy: 'cross-origin',
    }),
  )
  app.use(corsFromConfig)
  app.use(limitBody)
  app.use(providePorts)
  app.use(limitGlobal)
  app.use(enforceAccess(access))
  app.use(limitRoute)
  app.onError(onError)
  app.notFound(notFound)
  return app
}
