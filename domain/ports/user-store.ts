/** @module Where accounts live: the users table of the system of record. */
import type { Role, UserRecord } from '../auth/user'

/**
 * Users in the system of record. Emails are compared exactly as given: callers pass them through
 * `normalizeEmail` first, so every adapter agrees whatever its collation.
 */
export interface UserStore {
  /** Stores a new user; rejects with AppError `email_taken` when the email already has one. */
  create(user: UserRecord): Promise<void>
  /** The user with this email, or null. */
  findByEmail(email: string): Promise<UserRecord | null>
  /** The user with this id, or null. */
  findById(id: string): Promise<UserRecord | null>
  /** Sets the user's role and `updatedAt`; returns the updated user, or null when there is none. */
  setRole(id: string, role: Role, updatedAt: number): Promise<UserRecord | null>
  /**
   * Adds one to the user's `sessionVersion` (every token issued before stops working) and sets
   * `updatedAt`; with `password`, replaces the hash and salt in the same write. Returns the
   * updated user, or null when there is none.
   */
  revokeSessions(
    id: string,
    updatedAt: number,
    password?: { passwordHash: string; passwordSalt: string },
  ): Promise<UserRecord | null>
  /** Removes the user; true when there was one. */
  delete(id: string): Promise<boolean>
}
