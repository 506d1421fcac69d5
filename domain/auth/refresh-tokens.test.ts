import { describe, expect, it } from 'vitest'
import { hashRefreshToken, newRefreshToken, REUSE_GRACE_MS, refused } from './refresh-tokens'

describe('refresh tokens', () => {
  it('are 32 random bytes in base64url, never the same twice', () => {
    const tokens = Array.from({ length: 200 }, newRefreshToken)
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(new Set(tokens).size).toBe(tokens.length)
  })

  it('are stored as their hex SHA-256', async () => {
    // The FIPS 180-2 test vector for "abc".
    expect(await hashRefreshToken('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
  })

  it('are refused with one code and the reason in the details', () => {
    const err = refused('reused')
    expect(err.code).toBe('refresh_token_invalid')
    expect(err.details).toEqual({ reason: 'reused' })
    expect(REUSE_GRACE_MS).toBeLessThanOrEqual(10_000)
  })
})
