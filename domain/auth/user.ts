/** @module Accounts and roles: the stored user, its public view, and email normalisation. */

/** Every role a user can hold; `shopper` is what registration gives. */
export const ROLES = ['shopper', 'admin', 'ops'] as const

/** A user's role. */
export type Role = (typeof ROLES)[number]

/** The role of a newly registered user. */
export const DEFAULT_ROLE: Role = 'shopper'

/** True when `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** Reads a role from storage; anything else is corrupt data, not a caller's mistake. */
export function parseRole(value: string): Role {
  if (!isRole(value)) throw new Error(`Unknown role in store: ${value}`)
  return value
}

/** A user as the store holds it. Timestamps are Unix milliseconds. */
export interface UserRecord {
  id: string
  /** Normalised with `normalizeEmail`; unique. */
  email: string
  name: string | null
  role: Role
  /** `pbkdf2-sha256$<iterations>$<base64 hash>`. */
  passwordHash: string
  /** Base64 of the per-user random salt. */
  passwordSalt: string
  createdAt: number
  updatedAt: number
  /**
   * Tokens carry the version they were issued under (claim `sv`); signing out everywhere, a new
   * password or a deleted account moves it on, and every token of an older version stops working.
   */
  sessionVersion: number
}

/** What the API shows of a user: never the password hash or salt. */
export interface PublicUser {
  id: string
  email: string
  name: string | null
  role: Role
  createdAt: string
}

/** The public view of a stored user. */
export function toPublicUser(user: UserRecord): PublicUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    createdAt: new Date(user.createdAt).toISOString(),
  }
}

/**
 * The one spelling of an email the store sees. Lower-cased because mailbox providers treat
 * addresses case-insensitively and SQLite's unique index does not: `A@x.io` and `a@x.io` must
 * be one account on every adapter.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** A deleted account's pseudonym in the archive: `deleted-` and 28 hex digits (the 36 characters of a user id column). */
export function newPseudonym(): string {
  return `deleted-${crypto.randomUUID().replaceAll('-', '').slice(0, 28)}`
}

export const isPseudonym = (s: unknown): s is string =>
  typeof s === 'string' && /^deleted-[0-9a-f]{28}$/.test(s)
