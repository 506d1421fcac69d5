/** @module Refresh tokens and guest shoppers on PlanetScale. */
import { and, asc, eq, isNull, lt } from 'drizzle-orm'
import type { GuestRecord } from '#domain/auth/guests'
import type { RefreshTokenRecord, SubjectKind } from '#domain/auth/refresh-tokens'
import type { SessionStore } from '#domain/ports/session-store'
import type { PlanetScaleDb } from './db'
import { guests, refreshTokens } from './schema'
import { guard } from './upstream'

export class PlanetScaleSessions implements SessionStore {
  constructor(private readonly db: PlanetScaleDb) {}

  createRefreshToken(token: RefreshTokenRecord): Promise<void> {
    return guard(async () => {
      await this.db.insert(refreshTokens).values(token)
    })
  }

  findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | null> {
    return guard(async () => {
      const [row] = await this.db
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, tokenHash))
        .limit(1)
      return row ? { ...row, subjectKind: row.subjectKind as SubjectKind } : null
    })
  }

  retireRefreshToken(tokenHash: string, at: number): Promise<boolean> {
    // One conditional statement: of concurrent refreshes of one token, one changes the row.
    return guard(async () => {
      const result = await this.db
        .update(refreshTokens)
        .set({ retiredAt: at })
        .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.retiredAt)))
      return result.rowsAffected === 1
    })
  }

  revokeFamily(familyId: string): Promise<void> {
    return guard(async () => {
      await this.db.delete(refreshTokens).where(eq(refreshTokens.familyId, familyId))
    })
  }

  revokeSubject(subjectId: string): Promise<void> {
    return guard(async () => {
      await this.db.delete(refreshTokens).where(eq(refreshTokens.subjectId, subjectId))
    })
  }

  pruneExpired(subjectId: string, now: number): Promise<void> {
    return guard(async () => {
      await this.db
        .delete(refreshTokens)
        .where(and(eq(refreshTokens.subjectId, subjectId), lt(refreshTokens.expiresAt, now)))
    })
  }

  createGuest(guest: GuestRecord): Promise<void> {
    return guard(async () => {
      await this.db.insert(guests).values(guest)
    })
  }

  findGuest(id: string): Promise<GuestRecord | null> {
    return guard(async () => {
      const [row] = await this.db.select().from(guests).where(eq(guests.id, id)).limit(1)
      return row ?? null
    })
  }

  claimGuest(id: string, userId: string, at: number): Promise<GuestRecord | null> {
    // Only an unclaimed guest changes hands; the read after tells who holds it now.
    return guard(async () => {
      await this.db
        .update(guests)
        .set({ claimedBy: userId, claimedAt: at })
        .where(and(eq(guests.id, id), isNull(guests.claimedBy)))
      const [row] = await this.db.select().from(guests).where(eq(guests.id, id)).limit(1)
      return row ?? null
    })
  }

  guestsClaimedBy(userId: string): Promise<string[]> {
    return guard(() => this.guestsClaimedByUnguarded(userId))
  }

  deleteGuestsClaimedBy(userId: string): Promise<string[]> {
    // MySQL has no RETURNING: read the ids, then delete exactly those.
    return guard(async () => {
      const ids = await this.guestsClaimedByUnguarded(userId)
      await this.db.delete(guests).where(eq(guests.claimedBy, userId))
      return ids
    })
  }

  private async guestsClaimedByUnguarded(userId: string): Promise<string[]> {
    const rows = await this.db
      .select({ id: guests.id })
      .from(guests)
      .where(eq(guests.claimedBy, userId))
      .orderBy(asc(guests.claimedAt), asc(guests.id))
    return rows.map((r) => r.id)
  }
}
