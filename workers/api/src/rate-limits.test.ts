/** @module Checks that wrangler.toml binds every rate-limit policy with the policy's own numbers. */
import { describe, expect, it } from 'vitest'
import wranglerToml from '/wrangler.toml?raw'
import { RATE_LIMIT_POLICIES } from './rate-limits'

// The [[ratelimits]] entries of wrangler.toml: name and `simple = { limit, period }`.
function declaredBindings(toml: string) {
  const bindings = new Map<string, { limit: number; period: number }>()
  for (const block of toml.split('[[ratelimits]]').slice(1)) {
    const name = /^name = "([^"]+)"/m.exec(block)?.[1]
    const simple = /^simple = \{ limit = (\d+), period = (\d+) \}/m.exec(block)
    if (name && simple) bindings.set(name, { limit: Number(simple[1]), period: Number(simple[2]) })
  }
  return bindings
}

describe('rate-limit policies', () => {
  it('each have a Workers binding in wrangler.toml with the same limit and window', () => {
    const bindings = declaredBindings(wranglerToml)
    for (const [name, policy] of Object.entries(RATE_LIMIT_POLICIES)) {
      expect(bindings.get(policy.binding), name).toEqual({
        limit: policy.limit,
        period: policy.windowSeconds,
      })
    }
  })
})
