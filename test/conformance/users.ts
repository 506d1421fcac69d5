/** @module The users store's conformance suite; every Database adapter must pass it unchanged. */
import { describe, expect, it } from 'vitest'
import type { UserRecord } from '#domain/auth/user'
import { AppError } from '#domain/errors'
import type { DatabasePort } from '#domain/ports/database'

/** Runs the suite; `key` must give ids and emails unique to this run. */
export function describeUsersConformance(
  name: string,
  make: () => DatabasePort,
  key: (k: string) => string,
) {
  describe(`Users conformance: ${name}`, () => {
    const user = (k: string, overrides: Partial<UserRecord> = {}): UserRecord => ({
      id: crypto.randomUUID(),
      email: `${key(k)}@example.test`.toLowerCase(),
      name: 'Zoë Größe 😀',
      role: 'shopper',
      passwordHash: `pbkdf2-sha256$100000$${'h'.repeat(43)}=`,
      passwordSalt: 'c2FsdHNhbHRzYWx0c2FsdA==',
      createdAt: 1_700_000_000_123,
      updatedAt: 1_700_000_000_123,
      sessionVersion: 0,
      ...overrides,
    })

    it('stores a user and finds it by email and by id, every field intact', async () => {
      const { users } = make()
      const u = user('alice')
      await users.create(u)
      expect(await users.findByEmail(u.email)).toEqual(u)
      expect(await users.findById(u.id)).toEqual(u)
    })

    it('keeps a missing name as null', async () => {
      const { users } = make()
      const u = user('noname', { name: null })
      await users.create(u)
      expect((await users.findById(u.id))?.name).toBeNull()
    })

    it('answers null for an unknown email or id', async () => {
      const { users } = make()
      expect(await users.findByEmail(`${key('nobody')}@example.test`)).toBeNull()
      expect(await users.findById(crypto.randomUUID())).toBeNull()
    })

    it('refuses a second user with the same email as email_taken and keeps the first', async () => {
      const { users } = make()
      const first = user('dup')
      await users.create(first)
      const second = user('dup', { name: 'second' })
      const err = await users.create(second).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(AppError)
      expect((err as AppError).code).toBe('email_taken')
      expect(await users.findByEmail(first.email)).toEqual(first)
      expect(await users.findById(second.id)).toBeNull()
    })

    it('lets exactly one of several concurrent registrations of one email win', async () => {
      const { users } = make()
      const racers = Array.from({ length: 5 }, () => user('race'))
      const results = await Promise.allSettled(racers.map((u) => users.create(u)))
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      for (const r of results.filter((r) => r.status === 'rejected')) {
        expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'email_taken' })
      }
    })

    it('sets a role and its updatedAt, and answers null for an unknown id', async () => {
      const { users } = make()
      const u = user('promoted')
      await users.create(u)
      const updated = await users.setRole(u.id, 'ops', u.updatedAt + 5)
      expect(updated).toEqual({ ...u, role: 'ops', updatedAt: u.updatedAt + 5 })
      expect(await users.findById(u.id)).toEqual(updated)
      expect(await users.setRole(crypto.randomUUID(), 'admin', 1)).toBeNull()
    })

    it('moves the session version on by one per revocation, concurrent ones included', async () => {
      const { users } = make()
      const u = user('revoked')
      await users.create(u)
      const once = await users.revokeSessions(u.id, u.updatedAt + 1)
      expect(once).toEqual({ ...u, sessionVersion: 1, updatedAt: u.updatedAt + 1 })
      await Promise.all([1, 2, 3].map(() => users.revokeSessions(u.id, u.updatedAt + 2)))
      expect((await users.findById(u.id))?.sessionVersion).toBe(4)
      expect(await users.revokeSessions(crypto.randomUUID(), 1)).toBeNull()
    })

    it('replaces the password together with the revocation', async () => {
      const { users } = make()
      const u = user('password')
      await users.create(u)
      const password = {
        passwordHash: `pbkdf2-sha256$100000$${'n'.repeat(43)}=`,
        passwordSalt: 'bmV3c2FsdA==',
      }
      const updated = await users.revokeSessions(u.id, u.updatedAt + 1, password)
      expect(updated).toEqual({ ...u, ...password, sessionVersion: 1, updatedAt: u.updatedAt + 1 })
    })

    it('deletes a user once: gone by id and email, false the second time', async () => {
      const { users } = make()
      const u = user('leaving')
      await users.create(u)
      expect(await users.delete(u.id)).toBe(true)
      expect(await users.findById(u.id)).toBeNull()
      expect(await users.findByEmail(u.email)).toBeNull()
      expect(await users.delete(u.id)).toBe(false)
    })
  })
}
