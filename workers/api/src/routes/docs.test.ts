/** @module Tests of the OpenAPI document and the /docs page against the real router. */
import { describe, expect, it } from 'vitest'
import { call } from '#test/workers/accounts'
import { ACCESS, routeKeysOf } from '../access'
import { app } from '../index'

type Doc = {
  openapi: string
  paths: Record<string, Record<string, { security?: unknown; 'x-access'?: unknown }>>
  components: {
    securitySchemes: Record<string, unknown>
    schemas: Record<string, { properties?: Record<string, Record<string, unknown>> } & object>
  }
}

const fetchDoc = async () => (await (await call('/v1/openapi.json')).json()) as Doc
const operations = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
  )

describe('GET /v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document with a bearer JWT security scheme', async () => {
    const doc = await fetchDoc()
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    })
  })

  it('documents every route of the router', async () => {
    const documented = new Set(operations(await fetchDoc()))
    const routes = routeKeysOf(app).map((k) => k.replace(/:([^/]+)/g, '{$1}'))
    expect(routes.length).toBeGreaterThan(5)
    expect(routes.filter((r) => !documented.has(r))).toEqual([])
  })

  it('asks for the bearer token exactly where the access table does', async () => {
    const doc = await fetchDoc()
    for (const op of operations(doc)) {
      const [method, path] = op.split(' ') as [string, string]
      const operation = doc.paths[path]?.[method.toLowerCase()]
      const access = ACCESS[`${method} ${path.replace(/\{([^}]+)\}/g, ':$1')}`]
      expect(operation?.['x-access'], op).toEqual(access)
      expect(operation?.security, op).toEqual(
        access === 'anyone' ? undefined : [{ bearerAuth: [] }],
      )
    }
  })

  it('describes request bodies from the same zod schemas the routes validate with', async () => {
    const { schemas } = (await fetchDoc()).components
    expect(schemas.Registration).toMatchObject({
      type: 'object',
      required: ['email', 'password'],
      additionalProperties: false,
      properties: {
        email: { type: 'string', format: 'email', maxLength: 254 },
        password: { type: 'string', minLength: 8, maxLength: 128 },
      },
    })
    expect(JSON.stringify(schemas.User)).not.toMatch(/password/i)
  })
})

describe('GET /docs', () => {
  it('renders the document with Swagger UI from this origin, under the pages’ policy', async () => {
    const res = await call('/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    const page = await res.text()
    expect(page).toContain('Edge Commerce API reference')
    expect(page).toContain('<script src="/assets/vendor/swagger-ui/swagger-ui-bundle.js">')
    expect(page).toContain('<script src="/assets/docs.js">')
    // Nothing from another origin, and no inline script the policy would refuse.
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//)
    expect(page).not.toMatch(/<script>/)
  })

  it('tags every operation so the reference has a table of contents', async () => {
    const doc = (await (await call('/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, { tags?: string[] }>>
    }
    const tags = Object.values(doc.paths).flatMap((item) =>
      Object.values(item).map((op) => op.tags),
    )
    expect(tags.every((t) => Array.isArray(t) && t.length === 1)).toBe(true)
    expect(doc.paths['/v1/admin/products/{id}']?.patch?.tags).toEqual(['admin products'])
    expect(doc.paths['/v1/cart/items/{sku}']?.put?.tags).toEqual(['cart'])
  })
})
