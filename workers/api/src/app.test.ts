/** @module Tests of the request pipeline: envelope, request ids, headers, body limit, validation. */

import { env } from 'cloudflare:test'
import { createRoute, z } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import { AppError, UpstreamError } from '#domain/errors'
import { createApp } from './app'

// A route that exists only in this test, to drive the pipeline's validation and error paths.
const echo = createRoute({
  method: 'post',
  path: '/echo',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({ name: z.string().min(1), qty: z.number().int().min(1).max(99) }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'echo',
      content: { 'application/json': { schema: z.object({ name: z.string() }) } },
    },
  },
})

function testApp() {
  // Routes of this test only; the access middleware refuses routes its table does not list.
  const app = createApp({
    'POST /echo': 'anyone',
    'GET /conflict': 'anyone',
    'GET /boom': 'anyone',
    'GET /upstream': 'anyone',
  })
  app.openapi(echo, (c) => c.json({ name: c.req.valid('json').name }, 200))
  app.get('/conflict', () => {
    throw new AppError('insufficient_stock', 'Not enough stock', { sku: 'A' })
  })
  app.get('/boom', () => {
    throw new Error('secret detail')
  })
  app.get('/upstream', () => {
    throw new UpstreamError(
      'planetscale',
      'target: commerce.-.primary: vttablet: SELECT * FROM `users`',
      500,
      true,
    )
  })
  return app
}

const post = (body: string, headers: Record<string, string> = {}) =>
  testApp().request(
    '/echo',
    { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } },
    env,
  )

describe('request pipeline', () => {
  it('passes a valid body through', async () => {
    const res = await post(JSON.stringify({ name: 'a', qty: 2 }))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ name: 'a' })
  })

  it.each([
    ['malformed JSON', '{"name":', 'malformed_json'],
    ['a wrong type', JSON.stringify({ name: 'a', qty: '2' }), 'validation_failed'],
    ['an unknown field', JSON.stringify({ name: 'a', qty: 2, admin: true }), 'validation_failed'],
    ['an out-of-range number', JSON.stringify({ name: 'a', qty: 100 }), 'validation_failed'],
  ])('answers 400 with the envelope for %s', async (_, body, code) => {
    const res = await post(body, { 'x-request-id': 'req-123' })
    expect(res.status).toBe(400)
    const json = (await res.json()) as {
      error: { code: string; requestId: string; message: string }
    }
    expect(json.error.code).toBe(code)
    expect(json.error.requestId).toBe('req-123')
    expect(json.error.message).toBeTruthy()
  })

  it('answers 413 for a body over MAX_BODY_BYTES', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(70_000), qty: 1 }))
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large')
  })

  it('maps AppError codes to their status and keeps details', async () => {
    const res = await testApp().request('/conflict', {}, env)
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({
      error: { code: 'insufficient_stock', details: { sku: 'A' } },
    })
  })

  it('hides the cause of a 500 and still gives the request id', async () => {
    const res = await testApp().request('/boom', {}, { ...env, LOG_LEVEL: 'silent' })
    expect(res.status).toBe(500)
    const json = (await res.json()) as {
      error: { code: string; message: string; requestId: string }
    }
    expect(json.error).toMatchObject({ code: 'internal_error', message: 'Internal error' })
    expect(json.error.requestId).toBe(res.headers.get('x-request-id'))
  })

  it('answers a 503 with a fixed message, never the upstream’s text', async () => {
    const res = await testApp().request('/upstream', {}, env)
    expect(res.status).toBe(503)
    const text = await res.text()
    expect(text).not.toMatch(/SELECT|vttablet|users|planetscale/)
    expect(JSON.parse(text).error).toMatchObject({
      code: 'upstream_unavailable',
      message: 'A service this request needs is unavailable; retry later',
    })
  })

  it('answers a known path called with another method 405 with Allow', async () => {
    const res = await testApp().request('/echo', { method: 'GET' }, env)
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'POST'])
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'method_not_allowed',
    )
    const get = await testApp().request('/conflict', { method: 'DELETE' }, env)
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'GET, HEAD'])
  })

  it('answers unknown routes with a 404 envelope', async () => {
    const res = await testApp().request('/nope', {}, env)
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
  })

  it('sets secure headers with HSTS and a request id', async () => {
    const res = await testApp().request('/conflict', {}, env)
    expect(res.headers.get('strict-transport-security')).toContain('max-age=63072000')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })
})
