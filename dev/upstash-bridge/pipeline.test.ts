/** @module Auto-pipelining, explicit pipelines and MULTI/EXEC atomicity through the bridge. */
import { errors } from '@upstash/redis'
import { afterEach, describe, expect, it } from 'vitest'
import { recordFetches, useBridge } from './fixture'

const { key, client, post } = useBridge('pipeline')
let recorder: ReturnType<typeof recordFetches> | undefined
afterEach(() => recorder?.restore())

describe('upstash bridge pipelines', () => {
  it('serves auto-pipelined batches at /pipeline and excluded commands at the root', async () => {
    recorder = recordFetches()
    const redis = client()
    const [a, b, h] = [key('a'), key('b'), key('h')]
    await Promise.all([redis.set(a, 'x'), redis.set(b, 'y'), redis.hset(h, { f: 'v' })])
    expect(await Promise.all([redis.get(a), redis.get(b)])).toEqual(['x', 'y'])
    expect(await redis.hgetall(h)).toEqual({ f: 'v' })
    const paths = recorder.calls.map((call) => call.path)
    expect(paths.slice(0, -1).every((path) => path === '/pipeline')).toBe(true)
    expect(paths.at(-1)).toBe('/')
    // Three writes and two reads share far fewer requests than commands.
    expect(paths.length).toBeLessThan(5)
  })

  it('sends every command singly with auto-pipelining off', async () => {
    recorder = recordFetches()
    const redis = client({ enableAutoPipelining: false })
    const k = key('single')
    expect(await redis.set(k, 'v')).toBe('OK')
    expect(await redis.get(k)).toBe('v')
    expect(recorder.calls.map((call) => call.path)).toEqual(['/', '/'])
  })

  it('surfaces an auto-pipelined failure on its own command only', async () => {
    const redis = client()
    const [text, n] = [key('text'), key('n')]
    await redis.set(text, 'not a number')
    const [bad, good] = await Promise.allSettled([redis.incr(text), redis.incr(n)])
    expect(bad.status === 'rejected' && String(bad.reason)).toContain('Command failed: ERR value')
    expect(good).toEqual({ status: 'fulfilled', value: 1 })
  })

  it('runs the rest of an explicit pipeline when one command fails', async () => {
    const redis = client()
    const [k, after] = [key('k'), key('after')]
    const failing = redis.pipeline().set(k, 'text').incr(k).set(after, 'applied')
    await expect(failing.exec()).rejects.toThrow(/Command 2 \[ incr \] failed: ERR value is not/)
    expect(await redis.get(after)).toBe('applied')
    const kept = await redis.pipeline().set(k, 'again').incr(k).get(k).exec({ keepErrors: true })
    expect(kept).toEqual([
      { result: 'OK', error: undefined },
      { result: undefined, error: 'ERR value is not an integer or out of range' },
      { result: 'again', error: undefined },
    ])
  })
})

describe('upstash bridge multi-exec', () => {
  it('applies a transaction and reports a runtime error per entry', async () => {
    const redis = client()
    const [k, n] = [key('k'), key('n')]
    expect(await redis.multi().set(n, 1).incr(n).get(n).exec()).toEqual(['OK', 2, 2])
    const res = await post('/multi-exec', [
      ['set', k, 'text'],
      ['incr', k],
      ['append', k, '!'],
    ])
    expect(res.status).toBe(200)
    expect(res.json).toEqual([
      { result: 'OK' },
      { error: 'ERR value is not an integer or out of range' },
      { result: 5 },
    ])
  })

  it('discards the whole transaction with a 400 EXECABORT on a wrong-arity command', async () => {
    const k = key('aborted')
    const res = await post('/multi-exec', [
      ['set', k, 'v'],
      ['hset', k],
    ])
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      error: 'EXECABORT Transaction discarded because of previous errors.',
    })
    expect((await post('/', ['exists', k])).json).toEqual({ result: 0 })
  })

  it('never interleaves commands of concurrent transactions', async () => {
    const redis = client({ enableAutoPipelining: false })
    const list = key('list')
    // Each transaction pushes a begin/end pair; plain pushes race alongside them.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? redis.multi().rpush(list, `begin-${i}`).rpush(list, `end-${i}`).exec()
          : redis.rpush(list, `noise-${i}`),
      ),
    )
    const items = await redis.lrange<string>(list, 0, -1)
    expect(items).toHaveLength(60)
    items.forEach((item, index) => {
      if (item.startsWith('begin-')) expect(items[index + 1]).toBe(item.replace('begin', 'end'))
    })
  })

  it('makes the client throw UpstashError when the bridge discards a transaction', async () => {
    const redis = client()
    // `set` with a null value is refused before MULTI, like a queue-time error.
    const tx = redis
      .multi()
      .set(key('a'), 'v')
      .set(key('b'), undefined as unknown as string)
    const error = await tx.exec().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(errors.UpstashError)
    expect(String(error)).toMatch(/argument 2 of 'set' is null.*transaction not executed/)
  })
})
