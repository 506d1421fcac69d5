/** @module Tests of CORS: the CORS_ORIGINS allow-list on answers, errors and preflights. */
import { describe, expect, it } from 'vitest'
import { call } from '#test/workers/accounts'
import { allowedOrigins } from './cors'

const fromOrigin = (origin: string, bindings: object = {}, init: RequestInit = {}) =>
  call('/v1/openapi.json', { ...init, headers: { origin, ...init.headers } }, bindings)

describe('CORS', () => {
  it('allows a configured origin and exposes the request id and rate-limit headers', async () => {
    const res = await fromOrigin('http://localhost:3000')
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
    expect(res.headers.get('vary')).toMatch(/origin/i)
    expect(res.headers.get('access-control-expose-headers')?.split(',')).toEqual(
      expect.arrayContaining(['X-Request-Id', 'Retry-After', 'RateLimit-Remaining']),
    )
    expect(res.headers.get('access-control-allow-credentials')).toBeNull()
  })

  it('gives no allow-origin to an origin not on the list', async () => {
    const res = await fromOrigin('https://evil.example')
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('reads the list from CORS_ORIGINS', async () => {
    const bindings = { CORS_ORIGINS: ' https://shop.example , https://m.shop.example,' }
    const shop = await fromOrigin('https://m.shop.example', bindings)
    expect(shop.headers.get('access-control-allow-origin')).toBe('https://m.shop.example')
    const local = await fromOrigin('http://localhost:3000', bindings)
    expect(local.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('answers a preflight with the methods and headers the API takes', async () => {
    const res = await call('/v1/auth/login', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
    expect(res.headers.get('access-control-allow-methods')?.split(',')).toEqual(
      expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    )
    expect(res.headers.get('access-control-allow-headers')?.split(',')).toEqual(
      expect.arrayContaining(['Authorization', 'Content-Type', 'Idempotency-Key']),
    )
    expect(res.headers.get('access-control-max-age')).toBe('600')
  })

  it('keeps the CORS headers on error answers, so browsers can read the envelope', async () => {
    const res = await call('/v1/me', { headers: { origin: 'http://localhost:3000' } })
    expect(res.status).toBe(401)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
  })

  it('parses the list, ignoring blanks', () => {
    expect(allowedOrigins('a, b,,c ')).toEqual(['a', 'b', 'c'])
    expect(allowedOrigins(undefined)).toEqual([])
  })
})
