/** @module HTTP surface of the bridge: auth, validation, headers, routing and start-up. */
import { errors, Redis } from '@upstash/redis'
import { describe, expect, it } from 'vitest'
import { recordFetches, TOKEN, useBridge } from './fixture'
import { startUpstashBridge } from './server'

const { key, client, post, url } = useBridge('http')

describe('upstash bridge auth', () => {
  it('answers 401 with a JSON body for a missing or wrong token', async () => {
    for (const headers of [{ authorization: '' }, { authorization: 'Bearer wrong' }]) {
      const res = await post('/', ['ping'], headers)
      expect(res.status).toBe(401)
      expect(res.json).toEqual({ error: 'Unauthorized' })
    }
  })

  it('accepts the token as ?_token= too', async () => {
    const res = await post(`/?_token=${TOKEN}`, ['ping'], { authorization: '' })
    expect(res.json).toEqual({ result: 'PONG' })
  })

  it('makes the official client throw UpstashError, not a JSON parse error', async () => {
    const redis = new Redis({ url: url(), token: 'wrong-token' })
    const error = await redis.get(key('k')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(errors.UpstashError)
    expect(error).not.toBeInstanceOf(errors.UpstashJSONParseError)
    expect(String(error)).toContain('Unauthorized, command was:')
  })
})

describe('upstash bridge request validation', () => {
  it.each([
    ['invalid JSON', '/', '["get"', /not valid JSON/],
    ['a non-array single command', '/', { cmd: 'get' }, /non-empty JSON array/],
    ['an empty command', '/', [], /non-empty JSON array/],
    ['a non-string command name', '/', [42, 'k'], /name must be a non-empty string/],
    ['a nested array argument', '/', ['set', 'k', ['v']], /argument 2 of 'set' is an array/],
    ['an object argument', '/', ['set', 'k', { v: 1 }], /argument 2 of 'set' is an object/],
    ['a pipeline that is not an array of arrays', '/pipeline', ['get', 'k'], /command 1/],
    ['an empty pipeline', '/pipeline', [], /must not be empty/],
    ['an empty transaction', '/multi-exec', [], /must not be empty/],
  ])('rejects %s with a 400 error envelope', async (_name, path, body, message) => {
    const res = await post(path, body)
    expect(res.status).toBe(400)
    expect(Object.keys(res.json as object)).toEqual(['error'])
    expect((res.json as { error: string }).error).toMatch(message)
  })

  it('enforces the JSON content type', async () => {
    const res = await post('/', '["ping"]', { 'content-type': 'text/plain' })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({ error: 'Invalid content type. Expected application/json.' })
  })

  it('stringifies number and boolean arguments', async () => {
    const [n, b] = [key('n'), key('b')]
    await post('/pipeline', [
      ['set', n, 1.5, 'ex', 100],
      ['set', b, true],
    ])
    expect((await post('/', ['get', n])).json).toEqual({ result: '1.5' })
    expect((await post('/', ['get', b])).json).toEqual({ result: 'true' })
    expect((await post('/', ['ttl', n])).json).toEqual({ result: expect.any(Number) })
  })

  it('refuses null arguments: 400 singly, a per-entry error in a pipeline', async () => {
    const [k, other] = [key('k'), key('other')]
    const single = await post('/', ['set', k, null])
    expect(single.status).toBe(400)
    expect(single.json).toEqual({ error: expect.stringMatching(/argument 2 of 'set' is null/) })
    const res = await post('/pipeline', [
      ['set', k, null],
      ['set', other, 'ran'],
    ])
    expect(res.json).toEqual([{ error: expect.stringMatching(/is null/) }, { result: 'OK' }])
    expect((await post('/', ['mget', k, other])).json).toEqual({ result: [null, 'ran'] })
  })

  it('passes unknown commands to Redis and refuses blocking or connection-state ones', async () => {
    const unknown = await post('/', ['nosuchcommand', 'x'])
    expect(unknown.status).toBe(400)
    expect(unknown.json).toEqual({ error: expect.stringMatching(/^ERR unknown command/) })
    for (const command of [
      ['blpop', key('l'), 0],
      ['xread', 'BLOCK', 0, 'STREAMS', key('s'), '$'],
      ['subscribe', 'ch'],
      ['select', 1],
    ]) {
      const res = await post('/', command)
      expect(res.status).toBe(400)
      expect((res.json as { error: string }).error).toMatch(/not supported by the local Upstash/)
    }
    // The shared connection is still usable afterwards.
    expect((await post('/', ['ping'])).json).toEqual({ result: 'PONG' })
  })
})

describe('upstash bridge routing and headers', () => {
  it('answers 404 for unknown paths and 405 for non-POST methods', async () => {
    expect((await post('/nope', ['ping'])).status).toBe(404)
    const res = await fetch(`${url()}/pipeline`, { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(405)
    expect(await res.json()).toEqual({ error: expect.any(String) })
  })

  it('answers CORS preflights and exposes the sync token', async () => {
    const res = await fetch(`${url()}/pipeline`, { method: 'OPTIONS' })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-headers')).toContain('upstash-sync-token')
    const post_ = await post('/', ['ping'])
    expect(post_.headers.get('access-control-expose-headers')).toBe('upstash-sync-token')
  })

  it('round-trips an increasing upstash-sync-token with the client', async () => {
    const recorder = recordFetches()
    try {
      const redis = client({ enableAutoPipelining: false })
      const k = key('sync')
      await redis.set(k, '1')
      await redis.incr(k)
      await redis.get(k)
    } finally {
      recorder.restore()
    }
    const [first, second, third] = recorder.calls
    expect(first?.syncToken).toBe('')
    expect(second?.syncToken).toBe(first?.responseToken)
    expect(third?.syncToken).toBe(second?.responseToken)
    expect(Number(second?.responseToken)).toBeGreaterThan(Number(first?.responseToken))
  })
})

describe('startUpstashBridge', () => {
  it('reports the real port for port 0 and serves under a mount prefix', async () => {
    const bridge = await startUpstashBridge({ port: 0, token: 'prefixed', prefix: '/redis/' })
    try {
      expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*\/redis$/)
      const redis = new Redis({ url: bridge.url, token: 'prefixed' })
      const k = key('prefixed')
      expect(await redis.multi().set(k, 'v').get(k).exec()).toEqual(['OK', 'v'])
      expect(await redis.pipeline().del(k).exec()).toEqual([1])
    } finally {
      await bridge.close()
    }
  })

  it('fails to start with a message naming the unreachable Redis', async () => {
    const start = startUpstashBridge({ port: 0, token: 't', redisUrl: 'redis://127.0.0.1:1' })
    await expect(start).rejects.toThrow(/Redis at 127\.0\.0\.1:1 /)
  })
})
