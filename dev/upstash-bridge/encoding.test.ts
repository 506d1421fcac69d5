/** @module Response encoding: base64 vs plain JSON on the wire and through the official client. */
import { describe, expect, it } from 'vitest'
import { useBridge } from './fixture'

const { key, client, post } = useBridge('encoding')
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64')
const BASE64 = { 'upstash-encoding': 'base64' }

describe('upstash bridge wire encoding', () => {
  it('base64-encodes every string at every depth but keeps integers, nulls and top-level OK', async () => {
    const [a, b, missing] = [key('a'), key('b'), key('missing')]
    expect((await post('/', ['set', a, 'héllo😀'], BASE64)).json).toEqual({ result: 'OK' })
    await post('/', ['set', b, 'OK'], BASE64)
    expect((await post('/', ['get', a], BASE64)).json).toEqual({ result: b64('héllo😀') })
    expect((await post('/', ['mget', a, missing, b], BASE64)).json).toEqual({
      result: [b64('héllo😀'), null, b64('OK')],
    })
    expect((await post('/', ['ping'], BASE64)).json).toEqual({ result: b64('PONG') })
    expect((await post('/', ['incr', key('n')], BASE64)).text).toBe('{"result":1}')
    const nested = await post(
      '/',
      ['eval', "return {redis.status_reply('OK'), {'x', 7}, false}", 0],
      BASE64,
    )
    expect(nested.json).toEqual({ result: [b64('OK'), [b64('x'), 7], null] })
  })

  it('returns plain strings without the encoding header and never encodes errors', async () => {
    const k = key('plain')
    await post('/', ['set', k, 'héllo😀'])
    expect((await post('/', ['get', k])).json).toEqual({ result: 'héllo😀' })
    expect((await post('/', ['ping'])).json).toEqual({ result: 'PONG' })
    const error = await post('/', ['incr', k], BASE64)
    expect(error.status).toBe(400)
    expect(error.json).toEqual({ error: 'ERR value is not an integer or out of range' })
  })

  it('base64 carries invalid UTF-8 byte-exactly while plain JSON substitutes U+FFFD', async () => {
    const [src, dest] = [key('src'), key('dest')]
    await post('/', ['set', src, '\u0000A'])
    await post('/', ['bitop', 'not', dest, src])
    // NOT of 0x00 0x41 is 0xFF 0xBE: not valid UTF-8.
    expect((await post('/', ['get', dest], BASE64)).json).toEqual({ result: '/74=' })
    expect((await post('/', ['get', dest])).json).toEqual({ result: '\uFFFD\uFFFD' })
    expect(await client().get(dest)).toBe('\uFFFD\uFFFD')
  })

  it('emits integers beyond 2^53 as exact JSON number literals', async () => {
    const k = key('big')
    await post('/', ['set', k, '9007199254740992'])
    expect((await post('/', ['incr', k], BASE64)).text).toBe('{"result":9007199254740993}')
  })
})

describe.each([
  { mode: 'base64 (default)', options: {} },
  { mode: 'plain JSON (responseEncoding: false)', options: { responseEncoding: false } as const },
])('upstash bridge through the client with $mode', ({ options }) => {
  const redis = () => client(options)

  it('round-trips unicode, control characters, JSON values and status replies', async () => {
    const [u, ctl, obj, ok] = [key('u'), key('ctl'), key('obj'), key('ok')]
    expect(await redis().set(u, 'Grüße 😀 中文')).toBe('OK')
    expect(await redis().get(u)).toBe('Grüße 😀 中文')
    await redis().set(ctl, '\u0000\u0001\t\n"\\\u007f')
    expect(await redis().get(ctl)).toBe('\u0000\u0001\t\n"\\\u007f')
    await redis().set(obj, { a: 1, nested: ['x'] })
    expect(await redis().get(obj)).toEqual({ a: 1, nested: ['x'] })
    await redis().set(ok, 'OK')
    expect(await redis().get(ok)).toBe('OK')
    expect(await redis().ping()).toBe('PONG')
    expect(await redis().eval("return {redis.status_reply('OK'), 'PONG'}", [], [])).toEqual([
      'OK',
      'PONG',
    ])
  })

  it('keeps integers numeric, nil as null and long digit strings as strings', async () => {
    const [n, big, missing] = [key('n'), key('big'), key('missing')]
    expect(await redis().incrby(n, 41)).toBe(41)
    expect(await redis().decrby(n, 50)).toBe(-9)
    expect(await redis().get(missing)).toBeNull()
    await redis().set(big, '12345678901234567890')
    expect(await redis().get(big)).toBe('12345678901234567890')
    expect(await redis().mget(n, missing, big)).toEqual([-9, null, '12345678901234567890'])
    expect(await redis().hmget(key('nohash'), 'a', 'b')).toBeNull()
  })

  it('decodes nested arrays: zrange withscores, scan and xrange', async () => {
    const [z, s, x] = [key('z'), key('scan'), key('x')]
    await redis().zadd(z, { score: 1.5, member: 'ä' }, { score: 3, member: 'b' })
    expect(await redis().zrange(z, 0, -1, { withScores: true })).toEqual(['ä', 1.5, 'b', 3])
    await redis().mset({ [`${s}:1`]: 'v', [`${s}:2`]: 'v' })
    let cursor = '0'
    const seen: string[] = []
    do {
      const [next, keys] = await redis().scan(cursor, { match: `${s}:*`, count: 100 })
      seen.push(...keys)
      cursor = String(next)
    } while (cursor !== '0')
    expect(seen.sort()).toEqual([`${s}:1`, `${s}:2`])
    const id = await redis().xadd(x, '*', { field: 'välue', count: 2 })
    expect(await redis().xrange(x, '-', '+')).toEqual({ [id]: { field: 'välue', count: 2 } })
  })
})
