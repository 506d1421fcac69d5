/** @module The request pipeline every route runs behind: ids, logs, headers, limits, ports, errors. */
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { ACCESS, type AccessTable } from './access'
import { enforceAccess } from './middleware/auth'
import { limitBody } from './middleware/body-limit'
import { corsFromConfig } from './middleware/cors'
import { onError } from './middleware/error-handler'
import { requestLogger } from './middleware/logger'
import { notFoundOrWrongMethod } from './middleware/method-not-allowed'
import { providePorts } from './middleware/ports'
import { limitGlobal, limitRoute } from './middleware/rate-limit'
import { createRouter } from './router'

/** The API's Strict-Transport-Security; the static pages' _headers repeat it. */
export const HSTS = 'max-age=63072000; includeSubDomains; preload'

/** An app with the whole pipeline and no routes; index.ts mounts them. `access` is for tests. */
export function createApp(access: AccessTable = ACCESS) {
  const app = createRouter()
  app.use(requestId({ headerName: 'X-Request-Id' }))
  app.use(requestLogger)
  app.use(
    secureHeaders({
      strictTransportSecurity: HSTS,
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
  app.notFound(notFoundOrWrongMethod(() => app.routes))
  return app
}
