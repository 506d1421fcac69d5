/** @module Unknown paths answer 404; a known path called with another method answers 405 with `Allow`. */
import type { NotFoundHandler } from 'hono'
import type { AppEnv } from '../types'
import { errorBody, notFound } from './error-handler'

/** A route as Hono lists it in `app.routes`. */
interface RouteEntry {
  method: string
  path: string
}

/** `/v1/products/:id` → a regular expression matching one concrete path of that pattern. */
function patternOf(path: string): RegExp {
  const source = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
  return new RegExp(`^${source}/?$`)
}

/**
 * The not-found handler of an app whose routes are `routes` (read when the first unmatched request
 * arrives, so routes mounted after the app was built count): 405 `method_not_allowed` with `Allow`
 * listing the methods the path answers (HEAD with GET, as Hono serves it), else `notFound` (the
 * 404 envelope, or a page for a browser).
 */
export function notFoundOrWrongMethod(
  routes: () => readonly RouteEntry[],
): NotFoundHandler<AppEnv> {
  let table: { pattern: RegExp; method: string }[] | undefined
  return (c) => {
    table ??= routes()
      .filter((r) => r.method !== 'ALL')
      .map((r) => ({ pattern: patternOf(r.path), method: r.method.toUpperCase() }))
    const allowed = new Set(table.filter((r) => r.pattern.test(c.req.path)).map((r) => r.method))
    if (allowed.size > 0) {
      if (allowed.has('GET')) allowed.add('HEAD')
      c.header('Allow', [...allowed].sort().join(', '))
      return c.json(
        errorBody(c, 'method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}`),
        405,
      )
    }
    return notFound(c)
  }
}
