/** @module Data-type commands the platform relies on, through the official client. */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { useBridge } from './fixture'

const { key, client, post } = useBridge('data')

describe('upstash bridge sorted sets', () => {
  it('keeps a leaderboard with zincrby and reverse zrange with scores', async () => {
    const redis = client()
    const board = key('board')
    await redis.zadd(board, { score: 10, member: 'ada' }, { score: 5, member: 'bob' })
    expect(await redis.zincrby(board, 7.5, 'bob')).toBe(12.5)
    expect(await redis.zincrby(board, 1, 'cy😀')).toBe(1)
    expect(await redis.zrange(board, 0, -1, { rev: true, withScores: true })).toEqual([
      'bob',
      12.5,
      'ada',
      10,
      'cy😀',
      1,
    ])
    expect(await redis.zrange(board, 0, 1, { rev: true })).toEqual(['bob', 'ada'])
    expect(await redis.zscore(board, 'ada')).toBe(10)
    expect(await redis.zrevrank(board, 'cy😀')).toBe(2)
    // Upstash sends scores as strings; the bridge must not turn them into numbers.
    expect((await post('/', ['zscore', board, 'bob'])).json).toEqual({ result: '12.5' })
  })
})

describe('upstash bridge hashes', () => {
  it('counts with hincrby and reads the hash back with hgetall', async () => {
    const redis = client()
    const h = key('hash')
    await redis.hset(h, { name: 'Widget', 'größe😀': 'XL' })
    expect(await redis.hincrby(h, 'stock', 5)).toBe(5)
    expect(await redis.hincrby(h, 'stock', -2)).toBe(3)
    expect(await redis.hgetall(h)).toEqual({ name: 'Widget', 'größe😀': 'XL', stock: 3 })
    expect(await redis.hmget(h, 'name', 'missing')).toEqual({ name: 'Widget', missing: null })
    // HGETALL stays a flat RESP2 array on the wire (ioredis must not reshape it).
    expect((await post('/', ['hgetall', h])).json).toEqual({
      result: ['name', 'Widget', 'größe😀', 'XL', 'stock', '3'],
    })
  })

  it('returns null for hgetall of a missing hash', async () => {
    expect(await client().hgetall(key('missing'))).toBeNull()
    expect((await post('/', ['hgetall', key('missing')])).json).toEqual({ result: [] })
  })
})

describe('upstash bridge expiry and numbers', () => {
  it('sets expiry with set ex and reports it through ttl', async () => {
    const redis = client()
    const [k, forever] = [key('ex'), key('forever')]
    expect(await redis.set(k, 'v', { ex: 100 })).toBe('OK')
    const ttl = await redis.ttl(k)
    expect(ttl).toBeGreaterThan(90)
    expect(ttl).toBeLessThanOrEqual(100)
    await redis.set(forever, 'v')
    expect(await redis.ttl(forever)).toBe(-1)
    expect(await redis.ttl(key('missing'))).toBe(-2)
    expect(await redis.set(k, 'w', { nx: true, ex: 5 })).toBeNull()
    expect(await redis.persist(k)).toBe(1)
    expect(await redis.ttl(k)).toBe(-1)
  })

  it('returns incrbyfloat as a string the client parses to a number', async () => {
    const k = key('float')
    expect(await client().incrbyfloat(k, 2.25)).toBe(2.25)
    expect((await post('/', ['incrbyfloat', k, 0.5])).json).toEqual({ result: '2.75' })
  })
})

describe('upstash bridge scripts', () => {
  it('lets createScript fall back from NOSCRIPT to EVAL', async () => {
    const redis = client()
    const k = key('script')
    // A body unique to this run so Redis has certainly never cached it.
    const source = `return redis.call('incrby', KEYS[1], ARGV[1]) -- ${k}`
    const sha1 = createHash('sha1').update(source).digest('hex')
    const evalsha = await post('/', ['evalsha', sha1, 1, k, 1])
    expect(evalsha.status).toBe(400)
    expect(evalsha.json).toEqual({ error: expect.stringMatching(/^NOSCRIPT/) })
    const script = redis.createScript<number>(source)
    expect(await script.exec([k], ['4'])).toBe(4)
    expect(await script.exec([k], ['4'])).toBe(8)
  })
})
