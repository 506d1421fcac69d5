/** @module The Rate-limit port's conformance suite; every adapter must pass it unchanged. */
import { describe, expect, it } from 'vitest'
import type { RateLimitPort } from '#domain/ports/rate-limit'

/** Runs the suite; `make` builds an adapter whose policy allows exactly `limit` hits per window. */
export function describeRateLimitConformance(
  name: string,
  make: () => RateLimitPort,
  limit: number,
  key: (k: string) => string,
) {
  describe(`Rate-limit conformance: ${name}`, () => {
    it('answers ping', async () => {
      await expect(make().ping()).resolves.toBeUndefined()
    })

    it(`allows ${limit} hits in a window and refuses the next`, async () => {
      const r = make()
      const k = key('ip-1')
      const results = []
      for (let i = 0; i < limit; i++) results.push(await r.limit(k))
      expect(results.every((x) => x.success)).toBe(true)
      const refused = await r.limit(k)
      expect(refused.success).toBe(false)
      expect(refused.limit).toBe(limit)
      expect(refused.reset).toBeGreaterThan(Date.now() - 1_000)
    })

    it('counts keys independently', async () => {
      const r = make()
      for (let i = 0; i <= limit; i++) await r.limit(key('busy'))
      expect((await r.limit(key('quiet'))).success).toBe(true)
    })
  })
}
