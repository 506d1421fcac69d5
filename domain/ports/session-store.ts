/** @module Where sessions that outlive an access token live: refresh tokens and guest shoppers. */
import type { GuestRecord } from '../auth/guests'
import type { RefreshTokenRecord } from '../auth/refresh-tokens'

/**
 * Refresh tokens (stored by the SHA-256 of the token, never the token) and guest shoppers, in the
 * system of record. Every write that decides something is one conditional statement, so
 * concurrent callers can never both win.
 */
export interface SessionStore {
  /** Stores a new refresh token. */
  createRefreshToken(token: RefreshTokenRecord): Promise<void>
  /** The refresh token with this hash, retired or not, or null. */
  findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | null>
  /**
   * Marks an active token retired at `at`; true only for the one caller that retired it (a token
   * already retired, or gone, answers false).
   */
  retireRefreshToken(tokenHash: string, at: number): Promise<boolean>
  /** Removes every token of a family (reuse detected, or the subject is no longer valid). */
  revokeFamily(familyId: string): Promise<void>
  /** Removes every refresh token of a user or guest (sign-out, new password, deletion, claim). */
  revokeSubject(subjectId: string): Promise<void>
  /** Removes the subject's tokens that expired before `now` (kept until then for reuse detection). */
  pruneExpired(subjectId: string, now: number): Promise<void>

  /** Stores a new guest shopper. */
  createGuest(guest: GuestRecord): Promise<void>
  /** The guest with this id, or null. */
  findGuest(id: string): Promise<GuestRecord | null>
  /**
   * Gives guest `id` to user `userId` unless another user has it: answers the guest as stored
   * afterwards (claimed by `userId`, or by whoever claimed it first), or null when there is none.
   */
  claimGuest(id: string, userId: string, at: number): Promise<GuestRecord | null>
  /** The ids of the guests user `userId` has claimed, oldest claim first. */
  guestsClaimedBy(userId: string): Promise<string[]>
  /** Removes the guests claimed by `userId` (account deletion); answers their ids. */
  deleteGuestsClaimedBy(userId: string): Promise<string[]>
}
