import { describe, expect, it } from 'vitest'
import { DEFAULT_MEMORY_CACHE_SECONDS, MemoryCache, memoryCacheSeconds } from './memory-cache'

describe('MemoryCache', () => {
  it('answers a value until its expiry, then drops it', () => {
    const cache = new MemoryCache<string>(10)
    cache.set('a', 'one', 2_000, 1_000)
    expect(cache.get('a', 1_999)).toBe('one')
    expect(cache.get('a', 2_000)).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it('keeps nothing whose expiry has passed already', () => {
    const cache = new MemoryCache<string>(10)
    cache.set('a', 'one', 1_000, 1_000)
    expect(cache.get('a', 1_000)).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it('replaces a value and its expiry', () => {
    const cache = new MemoryCache<string>(10)
    cache.set('a', 'one', 5_000, 0)
    cache.set('a', 'two', 1_000, 0)
    expect(cache.get('a', 999)).toBe('two')
    expect(cache.get('a', 1_000)).toBeUndefined()
  })

  it('holds at most its capacity, dropping the oldest fill first', () => {
    const cache = new MemoryCache<number>(3)
    for (let i = 0; i < 5; i++) cache.set(`k${i}`, i, 10_000, 0)
    expect(cache.size).toBe(3)
    expect(['k0', 'k1', 'k2', 'k3', 'k4'].map((k) => cache.get(k, 1))).toEqual([
      undefined,
      undefined,
      2,
      3,
      4,
    ])
  })

  it('forgets a deleted key', () => {
    const cache = new MemoryCache<string>(10)
    cache.set('a', 'one', 5_000, 0)
    cache.delete('a')
    expect(cache.get('a', 1)).toBeUndefined()
  })
})

describe('memoryCacheSeconds', () => {
  it('reads MEMORY_CACHE_SECONDS, 0 turning the memory off, and falls back on nonsense', () => {
    expect(memoryCacheSeconds({})).toBe(DEFAULT_MEMORY_CACHE_SECONDS)
    expect(memoryCacheSeconds({ MEMORY_CACHE_SECONDS: '0' })).toBe(0)
    expect(memoryCacheSeconds({ MEMORY_CACHE_SECONDS: '1.5' })).toBe(1.5)
    expect(memoryCacheSeconds({ MEMORY_CACHE_SECONDS: '-1' })).toBe(DEFAULT_MEMORY_CACHE_SECONDS)
    expect(memoryCacheSeconds({ MEMORY_CACHE_SECONDS: 'soon' })).toBe(DEFAULT_MEMORY_CACHE_SECONDS)
  })
})
