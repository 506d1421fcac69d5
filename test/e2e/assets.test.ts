/**
 * @module How the api Worker splits paths: the pages come from Workers static assets with their
 * security headers; /v1/*, /docs, product pages (/products/*, the old /product links) and unknown
 * paths reach the Worker.
 */
import { describe, expect, it } from 'vitest'
import { url } from './platform'

describe('static assets beside the API', () => {
  it('serves the storefront, admin and console pages with a strict content security policy', async () => {
    for (const path of ['/', '/cart', '/admin/', '/ops/', '/assets/app.js']) {
      const res = await fetch(`${url}${path}`)
      expect([path, res.status]).toEqual([path, 200])
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
      await res.arrayBuffer()
    }
    const admin = await fetch(`${url}/admin`, { redirect: 'manual' })
    expect([admin.status, admin.headers.get('location')]).toEqual([307, '/admin/'])
  })

  it('leaves /v1/*, /docs, product pages and unknown paths to the Worker', async () => {
    // product.html is only served through the Worker, which writes the product into it.
    for (const path of ['/product', '/product.html?id=nope', '/products/no-such-handle']) {
      const res = await fetch(`${url}${path}`)
      expect([
        path,
        res.status,
        ((await res.json()) as { error: { code: string } }).error.code,
      ]).toEqual([path, 404, 'not_found'])
    }
    const docs = await fetch(`${url}/docs`)
    expect([docs.status, await docs.text()]).toEqual([
      200,
      expect.stringContaining('Edge Commerce API'),
    ])
    const openapi = await fetch(`${url}/v1/openapi.json`)
    expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0')
    const unknown = await fetch(`${url}/no-such-page`)
    expect([
      unknown.status,
      ((await unknown.json()) as { error: { code: string } }).error.code,
    ]).toEqual([404, 'not_found'])
  })
})
