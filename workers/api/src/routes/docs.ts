/** @module GET /v1/openapi.json and GET /docs: the OpenAPI 3.1 document and a page rendering it. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { html } from 'hono/html'
import { ACCESS, type Access, type AccessTable, routeKey } from '../access'
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
  summary: 'A reference page rendering this document',
  responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } },
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
  app.openapi(pageRoute, (c) => c.html(renderPage(documentOf())))
}

function withAccess(doc: Document, table: AccessTable): Document {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method]
      const access = table[routeKey(method, path.replace(/\{([^}]+)\}/g, ':$1'))]
      if (!op || access === undefined) continue
      op['x-access'] = access
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

function who(access: Access | undefined): string {
  if (access === 'anyone') return 'anyone'
  if (access === 'user') return 'a signed-in user'
  return access ? `role ${access.join(' or ')}` : 'not listed'
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2)

function renderPage(doc: Document) {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = (item as Record<string, Operation | undefined>)[method]
      return op ? [{ method: method.toUpperCase(), path, op }] : []
    }),
  )
  const schemas = Object.entries(doc.components?.schemas ?? {})
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${doc.info.title} reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
section{border-top:1px solid #ddd;padding:.5rem 0}
code,pre{font-family:ui-monospace,monospace}pre{background:#f6f6f6;padding:.5rem;overflow:auto}
.method{display:inline-block;min-width:4.5rem;font-weight:700}
</style>
</head>
<body>
<h1>${doc.info.title} <small>v${doc.info.version}</small></h1>
<p>${doc.info.description ?? ''}</p>
<p>OpenAPI ${doc.openapi} document: <a href="/v1/openapi.json">/v1/openapi.json</a></p>
${operations.map(
  ({ method, path, op }) => html`<section>
<h2><span class="method">${method}</span> <code>${path}</code></h2>
<p>${op.summary ?? ''}</p>
${op.description ? html`<p>${op.description}</p>` : ''}
<p>Who: ${who(op['x-access'])}${op.security ? ' (Authorization: Bearer …)' : ''}</p>
${
  op.requestBody?.content?.['application/json']
    ? html`<h3>Body</h3><pre>${pretty(op.requestBody.content['application/json'].schema)}</pre>`
    : ''
}
<h3>Responses</h3>
<ul>${Object.entries(op.responses ?? {}).map(
    ([status, r]) =>
      html`<li><code>${status}</code> ${(r as { description?: string }).description ?? ''}</li>`,
  )}</ul>
</section>`,
)}
<h2>Schemas</h2>
${schemas.map(([name, schema]) => html`<h3 id="${name}">${name}</h3><pre>${pretty(schema)}</pre>`)}
</body>
</html>`
}
