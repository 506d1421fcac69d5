/** @module Tests of PBKDF2 password hashing with the platform's WebCrypto. */
import { describe, expect, it } from 'vitest'
import { secretsEqual } from './constant-time'
import { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from './password'

describe('password', () => {
  it('verifies the password it hashed and refuses any other', async () => {
    const stored = await hashPassword('correct horse battery')
    expect(await verifyPassword('correct horse battery', stored)).toBe(true)
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false)
    expect(await verifyPassword('', stored)).toBe(false)
  })

  it('salts each hash, so one password hashes differently twice', async () => {
    const a = await hashPassword('same password')
    const b = await hashPassword('same password')
    expect(a.passwordSalt).not.toBe(b.passwordSalt)
    expect(a.passwordHash).not.toBe(b.passwordHash)
    expect(atob(a.passwordSalt)).toHaveLength(16)
  })

  it('records the scheme and iteration count, within the platform cap of 100 000', async () => {
    const { passwordHash } = await hashPassword('pw-12345678')
    const [scheme, iterations, hash] = passwordHash.split('$')
    expect(scheme).toBe('pbkdf2-sha256')
    expect(Number(iterations)).toBe(PBKDF2_ITERATIONS)
    expect(PBKDF2_ITERATIONS).toBeLessThanOrEqual(100_000)
    expect(atob(hash as string)).toHaveLength(32)
  })

  it('verifies with the iteration count stored in the hash', async () => {
    const stored = await hashPassword('older account', 20_000)
    expect(stored.passwordHash).toMatch(/^pbkdf2-sha256\$20000\$/)
    expect(await verifyPassword('older account', stored)).toBe(true)
  })

  it('refuses stored hashes that are malformed or ask for too much or too little work', async () => {
    const stored = await hashPassword('pw-12345678')
    const hash = stored.passwordHash.split('$')[2]
    for (const passwordHash of [
      `pbkdf2-sha256$100001$${hash}`,
      `pbkdf2-sha256$9999$${hash}`,
      `pbkdf2-sha512$100000$${hash}`,
      `pbkdf2-sha256$100000$`,
      `pbkdf2-sha256$100000$%%%`,
      'plain',
    ]) {
      expect(await verifyPassword('pw-12345678', { ...stored, passwordHash })).toBe(false)
    }
  })

  it('answers false for an unknown user after doing the same work', async () => {
    expect(await verifyPassword('anything', undefined)).toBe(false)
  })
})

describe('secretsEqual', () => {
  it('is true only for identical secrets, whatever their lengths', async () => {
    expect(await secretsEqual('admin-key', 'admin-key')).toBe(true)
    expect(await secretsEqual('admin-kez', 'admin-key')).toBe(false)
    expect(await secretsEqual('admin-key-longer', 'admin-key')).toBe(false)
    expect(await secretsEqual('', '')).toBe(false)
  })

  it('follows the expected secret when it changes (its digest is kept per value)', async () => {
    for (let i = 0; i < 20; i++) {
      expect(await secretsEqual(`key-${i}`, `key-${i}`)).toBe(true)
      expect(await secretsEqual(`key-${i - 1}`, `key-${i}`)).toBe(false)
    }
    expect(await secretsEqual('key-3', 'key-3')).toBe(true)
  })
})
