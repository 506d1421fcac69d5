/** @module Tests of the Upstash-only script flag translation, with the real client and Redis. */
import { describe, expect, it } from 'vitest'
import { useBridge } from './fixture'
import { stripUpstashFlags } from './scripts'

const { key, client } = useBridge('scripts')

describe('upstash bridge scripts', () => {
  it('drops only Upstash-only flags from the shebang', () => {
    expect(stripUpstashFlags('#!lua flags=allow-key-locking\nreturn 1')).toBe(
      '#!lua flags=\nreturn 1',
    )
    expect(stripUpstashFlags('#!lua flags=no-writes,allow-key-locking\nreturn 1')).toBe(
      '#!lua flags=no-writes\nreturn 1',
    )
    expect(stripUpstashFlags('#!lua flags=no-writes\nreturn 1')).toBeUndefined()
    expect(stripUpstashFlags('return 1')).toBeUndefined()
  })

  it('runs a script flagged allow-key-locking through eval and then evalsha', async () => {
    const script = client().createScript<number>(
      '#!lua flags=allow-key-locking\nreturn redis.call("INCRBY", KEYS[1], ARGV[1])',
    )
    const counter = key('script')
    expect(await script.eval([counter], ['2'])).toBe(2)
    expect(await script.evalsha([counter], ['3'])).toBe(5)
  })
})
