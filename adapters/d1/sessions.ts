/** @module Refresh tokens and guest shoppers on D1. */
import { and, asc, eq, isNull, lt } from 'drizzle-orm'
import type { GuestRecord } from '#domain/auth/guests'
import type { RefreshTokenRecord, SubjectKind } from '#domain/auth/refresh-tokens'
import type { SessionStore } from '#domain/ports/session-store'
import type { D1Db } from './db'
import { guests, refreshTokens } from './schema'

export class D1Sessions implements SessionStore {
  constructor(private readonly db: D1Db) {}

  async createRefreshToken(token: RefreshTokenRecord): Promise<void> {
    await this.db.insert(refreshTokens).values(token)
  }

  async findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | null> {
    const row = await this.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, tokenHash))
      .get()
    return row ? { ...row, subjectKind: row.subjectKind as SubjectKind } : null
  }

  async retireRefreshToken(tokenHash: string, at: number): Promise<boolean> {
    // One conditional statement: of concurrent refreshes of one token, one changes the row.
    const rows = await this.db
      .update(refreshTokens)
      .set({ retiredAt: at })
      .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.retiredAt)))
      .returning({ tokenHash: refreshTokens.tokenHash })
    return rows.length === 1
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db.delete(refreshTokens).where(eq(refreshTokens.familyId, familyId))
  }

  async revokeSubject(subjectId: string): Promise<void> {
    await this.db.delete(refreshTokens).where(eq(refreshTokens.subjectId, subjectId))
  }

  async pruneExpired(subjectId: string, now: number): Promise<void> {
    await this.db
      .delete(refreshTokens)
      .where(and(eq(refreshTokens.subjectId, subjectId), lt(refreshTokens.expiresAt, now)))
  }

  async createGuest(guest: GuestRecord): Promise<void> {
    await this.db.insert(guests).values(guest)
  }

  async findGuest(id: string): Promise<GuestRecord | null> {
    return (await this.db.select().from(guests).where(eq(guests.id, id)).get()) ?? null
  }

  async claimGuest(id: string, userId: string, at: number): Promise<GuestRecord | null> {
    // Only an unclaimed guest changes hands; the read after tells who holds it now.
    await this.db
      .update(guests)
      .set({ claimedBy: userId, claimedAt: at })
      .where(and(eq(guests.id, id), isNull(guests.claimedBy)))
    return this.findGuest(id)
  }

  async guestsClaimedBy(userId: string): Promise<string[]> {
    const rows = await this.db
      .select({ id: guests.id })
      .from(guests)
      .where(eq(guests.claimedBy, userId))
      .orderBy(asc(guests.claimedAt), asc(guests.id))
    return rows.map((r) => r.id)
  }

  async deleteGuestsClaimedBy(userId: string): Promise<string[]> {
    const rows = await this.db
      .delete(guests)
      .where(eq(guests.claimedBy, userId))
      .returning({ id: guests.id })
    return rows.map((r) => r.id)
  }
}
