/**
 * @module GET /v1/openapi.json and GET /docs: the OpenAPI 3.1 document, and Swagger UI rendering
 * it (through @hono/swagger-ui, its assets served from this origin so the page works offline and
 * under the static pages' content security policy).
 */

import { swaggerUI } from '@hono/swagger-ui'
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { ACCESS, type Access, type AccessTable, routeKey } from '../access'
import { PAGE_CSP } from '../middleware/not-found-page'
import type { AppEnv } from '../types'

/** The error envelope of every 4xx and 5xx, for routes' `responses`. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string(),
    }),
  })
  .openapi('Error')

type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>
type Operation = {
  tags?: string[]
  summary?: string
  description?: string
  security?: Record<string, string[]>[]
  requestBody?: { content?: Record<string, { schema?: unknown }> }
  responses?: Record<string, unknown>
  'x-access'?: Access
}
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const
const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }

const documentRoute = createRoute({
  method: 'get',
  path: '/v1/openapi.json',
  summary: 'This OpenAPI 3.1 document',
  responses: {
    200: {
      description: 'The document',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
  },
})

const pageRoute = createRoute({
  method: 'get',
  path: '/docs',
  summary: 'A reference page rendering this document (Swagger UI)',
  responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } },
})

/** Where the pages serve Swagger UI's files (copied from swagger-ui-dist, see the docs test). */
const SWAGGER_BASE = '/assets/vendor'

const renderPage = swaggerUI<AppEnv>({
  url: '/v1/openapi.json',
  baseUrl: SWAGGER_BASE,
  title: 'Edge Commerce API reference',
  // The middleware's own page initialises Swagger UI in an inline script, which the pages'
  // policy (script-src 'self') refuses: the same markup with the start-up in assets/docs.js.
  manuallySwaggerUIHtml: () => `
<link rel="stylesheet" href="${SWAGGER_BASE}/swagger-ui/swagger-ui.css">
<link rel="stylesheet" href="/assets/docs.css">
<main id="swagger-ui" aria-label="Edge Commerce API reference"></main>
<script src="${SWAGGER_BASE}/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/assets/docs.js"></script>`,
})

/**
 * Mounts both routes on the root app, whose registry holds every mounted router's routes, and
 * marks each operation with its access rule so the document and the access table cannot disagree.
 */
export function mountDocs(app: OpenAPIHono<AppEnv>, table: AccessTable = ACCESS) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'An access token from /v1/auth/login or /v1/auth/register; admin and ops routes also accept the ADMIN_API_KEY secret.',
  })
  app.openAPIRegistry.register('Error', ErrorSchema)
  // Routes are all mounted before the first request, so the document is built once per isolate.
  let document: Document | undefined
  const documentOf = () => {
    document ??= withAccess(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Edge Commerce API',
          version: '1',
          description:
            'JSON everywhere; errors use the `Error` envelope; 429 `rate_limited` comes with Retry-After and RateLimit-* headers.',
        },
      }),
      table,
    )
    return document
  }
  app.openapi(documentRoute, (c) => c.json({ ...documentOf() }, 200))
  app.openapi(pageRoute, async (c) => {
    c.header('Content-Security-Policy', PAGE_CSP)
    return (await renderPage(c, async () => {})) as never
  })
}

function withAccess(doc: Document, table: AccessTable): Document {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method]
      const access = table[routeKey(method, path.replace(/\{([^}]+)\}/g, ':$1'))]
      if (!op || access === undefined) continue
      op['x-access'] = access
      // Swagger UI's table of contents groups operations by tag: the resource the path names.
      op.tags ??= [tagOf(path)]
      if (access === 'anyone') continue
      op.security = [{ bearerAuth: [] }]
      op.responses ??= {}
      op.responses['401'] ??= { description: '`unauthorized`', content: errorContent }
      op.responses['403'] ??= {
        description: '`forbidden`: role not allowed',
        content: errorContent,
      }
    }
  }
  return doc
}

/** `admin products` for /v1/admin/products/{id}, `cart` for /v1/cart/items/{sku}. */
function tagOf(path: string): string {
  const [first, second] = path.replace(/^\/v1\//, '').split('/')
  if (!first || path === '/docs') return 'reference'
  return first === 'admin' || first === 'ops' ? `${first} ${second ?? ''}`.trim() : first
}
