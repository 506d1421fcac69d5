/** @module Tests of the embedded Counters adapter and its shard layout, in workerd. */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { CounterOp } from '#domain/ports/counters'
import { DurableObjectCounters } from './adapter'
import { DEFAULT_SHARDS, shardOf } from './shards'

const run = crypto.randomUUID().slice(0, 8)

describe('DurableObjectCounters', () => {
  const counters = () => new DurableObjectCounters(env.COUNTERS)

  it('counts exactly under concurrent increments', async () => {
    const c = counters()
    await Promise.all(Array.from({ length: 50 }, () => c.incrBy(`views:${run}`, 1)))
    expect(await c.get(`views:${run}`)).toBe(50)
    expect(await c.get(`views:${run}-never`)).toBe(0)
  })

  it('keeps each key in the one object of its shard, many keys per object', async () => {
    const keys = Array.from({ length: 500 }, (_, i) => `stock:${run}-${i}`)
    const names = new Set(keys.map((k) => shardOf(k)))
    expect(names.size).toBeLessThanOrEqual(DEFAULT_SHARDS)
    expect([...names].every((n) => n.startsWith('stock:'))).toBe(true)
    const c = counters()
    await c.set(keys[7] as string, 42)
    const [held] = await env.COUNTERS.getByName(shardOf(keys[7] as string)).getMany([
      keys[7] as string,
    ])
    expect(held).toBe(42)
    expect(await c.getMany(keys.slice(0, 10))).toEqual([0, 0, 0, 0, 0, 0, 0, 42, 0, 0])
  })

  it('ranks members highest first, equal scores in reverse member order', async () => {
    const c = counters()
    const best = `best:${run}`
    await c.zIncrBy(best, 'a', 5)
    await c.zIncrBy(best, 'b', 7)
    await c.zIncrBy(best, 'c', 5)
    expect(await c.zIncrBy(best, 'a', 1)).toBe(6)
    expect(await c.zTop(best, 10)).toEqual([
      { member: 'b', score: 7 },
      { member: 'a', score: 6 },
      { member: 'c', score: 5 },
    ])
    expect(await c.zTop(best, 1)).toEqual([{ member: 'b', score: 7 }])
  })

  it('finishes a batch that failed part-way without applying any object twice', async () => {
    // Two keys whose objects differ, as an order's bestsellers and spend keys do.
    const first = `bestsellers:${run}`
    const second = `spend:${run}`
    expect(shardOf(first)).not.toBe(shardOf(second))
    const ops: CounterOp[] = [
      { kind: 'zincr', key: first, member: 'p1', by: 2 },
      { kind: 'zincr', key: second, member: 'u1', by: 900 },
    ]
    // The first object applied its share, then the call failed before the second one did.
    const id = `paid:${run}`
    const ttl = 60_000
    expect(
      await env.COUNTERS.getByName(shardOf(first)).applyOnce(id, [ops[0] as CounterOp], ttl),
    ).toBe(true)
    // The redelivery applies only what was missing.
    expect(await counters().applyOnce(id, ops)).toBe(true)
    expect(await counters().applyOnce(id, ops)).toBe(false)
    expect(await counters().zTop(first, 5)).toEqual([{ member: 'p1', score: 2 }])
    expect(await counters().zTop(second, 5)).toEqual([{ member: 'u1', score: 900 }])
  })

  it('forgets an applied id once its mark has expired', async () => {
    const key = `n:${run}`
    const stub = env.COUNTERS.getByName(shardOf(key))
    const ops: CounterOp[] = [{ kind: 'incr', key, by: 1 }]
    expect(await stub.applyOnce(`ttl:${run}`, ops, 1)).toBe(true)
    await new Promise((r) => setTimeout(r, 5))
    expect(await stub.applyOnce(`ttl:${run}`, ops, 1)).toBe(true)
    expect(await stub.applyOnce(`ttl:${run}`, ops, 60_000)).toBe(false)
    expect(await counters().get(key)).toBe(2)
  })

  it('answers ping', async () => {
    await expect(counters().ping()).resolves.toBeUndefined()
  })
})
