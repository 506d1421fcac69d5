/** @module The session store's conformance suite (refresh tokens, guests); every Database adapter must pass it. */
import { describe, expect, it } from 'vitest'
import type { GuestRecord } from '#domain/auth/guests'
import type { RefreshTokenRecord } from '#domain/auth/refresh-tokens'
import type { DatabasePort } from '#domain/ports/database'

/** Runs the suite; ids are random UUIDs, so runs never collide. */
export function describeSessionsConformance(name: string, make: () => DatabasePort) {
  describe(`Sessions conformance: ${name}`, () => {
    const hash = () =>
      [...crypto.getRandomValues(new Uint8Array(32))]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('')
    const token = (overrides: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord => ({
      tokenHash: hash(),
      familyId: crypto.randomUUID(),
      subjectId: crypto.randomUUID(),
      subjectKind: 'user',
      sessionVersion: 3,
      createdAt: 1_700_000_000_123,
      expiresAt: 1_702_592_000_123,
      retiredAt: null,
      ...overrides,
    })
    const guest = (overrides: Partial<GuestRecord> = {}): GuestRecord => ({
      id: crypto.randomUUID(),
      email: 'zoë@example.test',
      createdAt: 1_700_000_000_123,
      claimedBy: null,
      claimedAt: null,
      ...overrides,
    })

    it('stores a refresh token and finds it by hash, every field intact', async () => {
      const { sessions } = make()
      const t = token({ subjectKind: 'guest', sessionVersion: 0 })
      await sessions.createRefreshToken(t)
      expect(await sessions.findRefreshToken(t.tokenHash)).toEqual(t)
      expect(await sessions.findRefreshToken(hash())).toBeNull()
    })

    it('retires a token once: of concurrent retirements exactly one wins', async () => {
      const { sessions } = make()
      const t = token()
      await sessions.createRefreshToken(t)
      const wins = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          sessions.retireRefreshToken(t.tokenHash, 1_700_000_001_000 + i),
        ),
      )
      expect(wins.filter(Boolean)).toHaveLength(1)
      const stored = await sessions.findRefreshToken(t.tokenHash)
      expect(stored?.retiredAt).toBe(1_700_000_001_000 + wins.indexOf(true))
      expect(await sessions.retireRefreshToken(hash(), 1)).toBe(false)
    })

    it('revokes a family, a subject, and a subject’s expired tokens only', async () => {
      const { sessions } = make()
      const subject = crypto.randomUUID()
      const family = crypto.randomUUID()
      const a = token({ subjectId: subject, familyId: family })
      const b = token({ subjectId: subject, familyId: family, retiredAt: 1_700_000_000_500 })
      const c = token({ subjectId: subject, expiresAt: 1_000 })
      const d = token({ subjectId: subject })
      const other = token()
      for (const t of [a, b, c, d, other]) await sessions.createRefreshToken(t)
      await sessions.pruneExpired(subject, 2_000)
      expect(await sessions.findRefreshToken(c.tokenHash)).toBeNull()
      expect(await sessions.findRefreshToken(d.tokenHash)).not.toBeNull()
      await sessions.revokeFamily(family)
      expect(await sessions.findRefreshToken(a.tokenHash)).toBeNull()
      expect(await sessions.findRefreshToken(b.tokenHash)).toBeNull()
      expect(await sessions.findRefreshToken(d.tokenHash)).not.toBeNull()
      await sessions.revokeSubject(subject)
      expect(await sessions.findRefreshToken(d.tokenHash)).toBeNull()
      expect(await sessions.findRefreshToken(other.tokenHash)).toEqual(other)
    })

    it('stores guests; a guest is claimed by the first account only; lists and deletes by claimer', async () => {
      const { sessions } = make()
      const g = guest()
      await sessions.createGuest(g)
      expect(await sessions.findGuest(g.id)).toEqual(g)
      expect(await sessions.findGuest(crypto.randomUUID())).toBeNull()
      const [alice, bob] = [crypto.randomUUID(), crypto.randomUUID()]
      const [first, second] = await Promise.all([
        sessions.claimGuest(g.id, alice, 1_700_000_002_000),
        sessions.claimGuest(g.id, bob, 1_700_000_002_001),
      ])
      const winner = first?.claimedBy
      expect([alice, bob]).toContain(winner)
      expect(second?.claimedBy).toBe(winner)
      const h = guest()
      await sessions.createGuest(h)
      await sessions.claimGuest(h.id, winner as string, 1_700_000_003_000)
      expect(await sessions.guestsClaimedBy(winner as string)).toEqual([g.id, h.id])
      expect(await sessions.claimGuest(crypto.randomUUID(), alice, 1)).toBeNull()
      expect((await sessions.deleteGuestsClaimedBy(winner as string)).sort()).toEqual(
        [g.id, h.id].sort(),
      )
      expect(await sessions.findGuest(g.id)).toBeNull()
      expect(await sessions.guestsClaimedBy(winner as string)).toEqual([])
    })
  })
}
