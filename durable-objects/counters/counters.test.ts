/** @module Tests of the embedded Counters adapter on its Durable Object, in workerd. */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { DurableObjectCounters } from './adapter'

describe('DurableObjectCounters', () => {
  const counters = () => new DurableObjectCounters(env.COUNTERS)

  it('counts exactly under concurrent increments', async () => {
    const c = counters()
    await Promise.all(Array.from({ length: 50 }, () => c.incrBy('views:p1', 1)))
    expect(await c.get('views:p1')).toBe(50)
    expect(await c.get('views:never')).toBe(0)
  })

  it('ranks members highest first, equal scores in reverse member order', async () => {
    const c = counters()
    await c.zIncrBy('best', 'a', 5)
    await c.zIncrBy('best', 'b', 7)
    await c.zIncrBy('best', 'c', 5)
    expect(await c.zIncrBy('best', 'a', 1)).toBe(6)
    expect(await c.zTop('best', 10)).toEqual([
      { member: 'b', score: 7 },
      { member: 'a', score: 6 },
      { member: 'c', score: 5 },
    ])
    expect(await c.zTop('best', 1)).toEqual([{ member: 'b', score: 7 }])
  })

  it('answers ping', async () => {
    await expect(counters().ping()).resolves.toBeUndefined()
  })
})
